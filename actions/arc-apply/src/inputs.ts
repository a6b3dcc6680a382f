import { defineAction, input } from '@gloriousflywheel/shared';
import { isKubeconfigContent } from './kube/kubeconfig-input';

export const definition = defineAction({
  name: 'arc-apply',
  title: 'GloriousFlywheel ARC apply',
  description:
    'The managed ARC apply pipeline: scope, reap leaked runners, freeze caps, drain, plan, guard, apply, ' +
    'restore caps to the source targets and prove the listeners, with a proven rollback; also pause and resume, ' +
    'drift, capacity audit, warm pools, the fleet doctor, controller upgrades and restore from a dead run.',
  inputs: {
    mode: input.enumOf(
      [
        'apply',
        'drift',
        'audit',
        'warm-pool',
        'restore',
        'warm-pool-plan',
        'pause',
        'resume',
        'doctor',
        'upgrade',
      ] as const,
      {
        description:
          'What to do: `apply` (the pipeline), `drift`, `audit`, `warm-pool`, `restore` (caps from a snapshot a dead run left), ' +
          '`warm-pool-plan` (plan warm pools from job history), `pause` (freeze `scale-sets` until resumed) or ' +
          '`resume` (their caps back from the pause, listeners proven), `doctor` (find, and with `fix: true` repair, what is stuck in the fleet) or ' +
          '`upgrade` (the ARC controller and CRDs to a new version: quiesce, remove the sets, upgrade, reinstall, prove; resumable).',
        default: 'apply',
      },
    ),
    kubeconfig: input.string({
      description:
        'Kubeconfig YAML or a path to one (relative to the working directory of the step). Empty: `KUBECONFIG`, then `~/.kube/config`, then in-cluster. Content is a secret; a path is shown in messages. Content written for tofu is deleted when the step ends.',
      secret: true,
      // A path is not a secret (errors name it); the content is.
      secretValue: isKubeconfigContent,
    }),
    'kube-timeout': input.duration({
      description: 'Deadline of one Kubernetes API call, from connecting to the last byte of the answer.',
      default: '60s',
      minMs: 1000,
    }),
    'controller-namespace': input.kubeName({
      description: 'Namespace of the ARC controller and its listeners.',
      default: 'arc-systems',
      dnsLabel: true,
    }),
    'runners-namespace': input.kubeName({
      description: 'Namespace of the runner scale sets.',
      default: 'arc-runners',
      dnsLabel: true,
    }),
    'scale-sets': input.list({
      item: 'string',
      description:
        'Scale sets in scope: names, workflow-facing labels or label selectors, one per line. Empty: the sets the plan touches.',
    }),
    'freeze-mode': input.enumOf(['zero', 'cap-current'] as const, {
      description: '`zero`: min 0 / max 0. `cap-current`: max at the current busy count.',
      default: 'zero',
    }),
    'drain-timeout': input.duration({
      description: 'How long to wait for busy runners on frozen sets.',
      default: '20m',
    }),
    drain: input.boolean({
      description:
        'In `pause` mode, also wait for busy runners on the paused sets to finish, up to `drain-timeout`.',
      default: 'false',
    }),
    'on-drain-timeout': input.enumOf(['fail', 'proceed'] as const, {
      description: 'At the drain timeout: `fail` (roll back) or `proceed` with the apply.',
      default: 'fail',
    }),
    'tofu-bin': input.string({ description: 'The OpenTofu (or Terraform) executable.', default: 'tofu' }),
    'working-directory': input.string({ description: 'Where to run tofu.', default: '.' }),
    'var-files': input.list({
      item: 'string',
      description: 'tfvars files for the plan; also the source of the cap targets.',
    }),
    'targets-file': input.string({
      description: 'A JSON/YAML map of scale-set name to `min_runners`/`max_runners`, instead of the tfvars.',
    }),
    'targets-variable': input.string({
      description: 'The tfvars variable holding the runner sets map. Empty: every map of runner sets.',
    }),
    protect: input.list({
      item: 'string',
      description:
        'What the plan may never delete or replace: address globs and `arc-controller`, `arc-crds`, `namespaces`.',
      default: 'arc-controller,arc-crds,namespaces',
    }),
    'allow-addresses': input.list({
      item: 'string',
      description: 'Address globs the plan may change besides the scale sets in scope.',
    }),
    grace: input.duration({
      description: 'A listener younger than this (or without its secret) is still settling.',
      default: '60s',
    }),
    'prove-timeout': input.duration({ description: 'Deadline for the listener proof.', default: '10m' }),
    'settle-timeout': input.duration({
      description: 'Bounded wait for sets to settle after reaping.',
      default: '2m',
    }),
    'completed-pod-age': input.duration({
      span: true,
      description:
        'Completed runner pods older than this are deleted by an apply; in `doctor` mode, finished pods older than this have piled up.',
      default: '1h',
    }),
    'poll-interval': input.duration({ description: 'How often waits poll the cluster.', default: '5s' }),
    'dry-run': input.boolean({
      description: 'List what would be reaped and frozen, plan and guard; change nothing.',
      default: 'false',
    }),
    'warm-pool-schedule': input.string({
      description: 'Lines `CRON => minRunners` (UTC), e.g. `0 13 * * 1-5 => 1` and `0 1 * * * => 0`.',
      default: '',
    }),
    fix: input.boolean({
      description:
        'In `doctor` mode, repair what can be repaired safely: delete Failed runners and orphaned listeners, release runners stuck terminating, age out finished pods. With `dry-run` the repairs are only shown.',
      default: 'false',
    }),
    'stuck-after': input.duration({
      span: true,
      description:
        'In `doctor` mode, how long a runner may stay terminating, a pod Pending or a runner set short of replicas before it is a finding.',
      default: '15m',
    }),
    'idle-after': input.duration({
      span: true,
      description:
        'In `doctor` mode, a registered runner idle this long beyond the warm pool was never picked up.',
      default: '1h',
    }),
    'prometheus-url': input.url({
      description:
        "A Prometheus that scrapes the ARC listeners' metrics. In `doctor` mode it enables the stale assigned-jobs check; in `warm-pool-plan` mode it is the job history of the sets that history-file and history-repositories leave without jobs.",
    }),
    'prometheus-token': input.string({
      description: 'Bearer token for `prometheus-url`.',
      secret: true,
    }),
    'junit-file': input.string({
      description:
        "In `doctor` mode, where to write the JUnit report (one case per check). Empty: the run's temp dir.",
    }),
    'fail-on': input.enumOf(['none', 'low', 'high', 'critical'] as const, {
      description:
        'In `drift` and `doctor` mode, fail when an item (a finding left unrepaired) is at least this severe.',
      default: 'high',
    }),
    'controller-version': input.string({
      description:
        'In `upgrade` mode: the controller chart version to install. Empty: the value of `controller-version-variable` in the var files.',
    }),
    'controller-version-variable': input.string({
      description:
        'In `upgrade` mode: the tfvars variable that pins the controller and scale-set chart version; every plan of the upgrade sets it.',
      default: 'arc_controller_version',
    }),
    'allow-downgrade': input.boolean({
      description: 'In `upgrade` mode: allow a target older than the installed controller.',
      default: 'false',
    }),
    'crds-dir': input.string({
      description:
        "In `upgrade` mode: the target controller chart's `crds/` folder (`helm pull … --untar`); the CRDs that differ are replaced (Helm never upgrades them). Required when the minor version changes.",
    }),
    'removal-timeout': input.duration({
      description:
        'In `upgrade` mode: how long the removed scale sets (listeners, runner sets, runners, finalizers) may take to go.',
      default: '10m',
    }),
    'controller-timeout': input.duration({
      description: 'In `upgrade` mode: how long the new controller may take to become available.',
      default: '10m',
    }),
    'warm-pool-plan': input.string({
      description:
        "A warm-pool plan file: `warm-pool` applies its schedule per set (instead of `warm-pool-schedule`); `warm-pool-plan` writes it (empty: into the run's temp dir).",
    }),
    'history-file': input.string({
      description:
        'In `warm-pool-plan` mode: job history as JSON lines (schemas/job-history.v1.schema.json), one job per line.',
    }),
    'history-repositories': input.list({
      item: 'string',
      description:
        'In `warm-pool-plan` mode: repositories (`owner/repo`, GitLab project paths) whose job history is read from the forge API.',
    }),
    'history-days': input.duration({
      span: true,
      description: 'In `warm-pool-plan` mode: how far back the history is read.',
      default: '28d',
    }),
    'history-max-requests': input.integer({
      description:
        'In `warm-pool-plan` mode: forge API requests allowed per organization (shared by its repositories).',
      default: '2000',
      min: 1,
    }),
    token: input.string({
      description: 'In `warm-pool-plan` mode: token for the forge API when history-repositories is set.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml writes it
      default: '${{ github.token }}',
      secret: true,
    }),
    forge: input.enumOf(['auto', 'github', 'gitlab'] as const, {
      description:
        'Which forge history-repositories live on; `auto` follows the CI system the action runs in.',
      default: 'auto',
    }),
    'api-url': input.string({ description: "Forge API base URL. Default: the run context's API URL." }),
    'wait-percentile': input.integer({
      description: 'In `warm-pool-plan` mode: the percentile of queue wait held to the targets.',
      default: '95',
      min: 50,
      max: 99,
    }),
    'warm-pool-confidence': input.integer({
      description:
        'In `warm-pool-plan` mode: the share of weeks, in percent, in which the plan must hold the wait targets, judged on weeks drawn from the fitted demand and its uncertainty (50: an average week; 80: four weeks in five).',
      default: '80',
      min: 50,
      max: 99,
    }),
    'wait-target-off-peak': input.duration({
      span: true,
      description: 'In `warm-pool-plan` mode: the queue-wait target off-peak (the platform KPI).',
      default: '15s',
    }),
    'wait-target-peak': input.duration({
      span: true,
      description: 'In `warm-pool-plan` mode: the queue-wait target at peak (the platform KPI).',
      default: '60s',
    }),
    'kpi-targets': input.string({
      description:
        "In `warm-pool-plan` mode: the benchmark action's KPI file; its `peakStartHourUtc`, `peakEndHourUtc` and `peakWeekends` say when peak is.",
    }),
    'warm-pool-overrides': input.list({
      item: 'string',
      description:
        'In `warm-pool-plan` mode: dates that do not follow the week, `YYYY-MM-DD holiday` or `YYYY-MM-DD release [×F]`.',
    }),
    'warm-pool-budget': input.integer({
      description:
        'In `warm-pool-plan` mode: at most this many warm runners at once over all the sets in scope (they share nodes).',
      min: 0,
    }),
    'change-cost': input.integer({
      description:
        'In `warm-pool-plan` mode: idle runner-minutes one minRunners change is charged (each recreates the listener).',
      default: '60',
      min: 0,
    }),
  },
  outputs: {
    'result-file': 'Path of the JSON result envelope.',
    restored: 'Comma-separated scale sets whose caps were restored (to targets, or from the snapshot).',
    'frozen-sets': 'Comma-separated scale sets that were frozen (by the apply, or paused).',
    'reaped-runners': 'How many leaked idle runners were deleted.',
    proven: '`true` when every listener was proven (after an apply or a resume).',
    'rollback-proven':
      '`true` when a rollback (or restore) put caps back and every listener came back; `false` when one did not; empty when nothing was rolled back.',
    'drift-worst': 'In `drift` mode, the worst severity found (`none`, `low`, `high`, `critical`).',
    'plan-file': 'In `warm-pool-plan` mode, the path of the plan file written.',
    healthy: 'In `doctor` mode, `true` when no finding is left once the repairs are done.',
    'doctor-worst': 'In `doctor` mode, the worst severity left (`none`, `low`, `high`, `critical`).',
    repaired: 'In `doctor` mode, how many repairs were made.',
    'junit-file': 'In `doctor` mode, the path of the JUnit report.',
    'controller-version':
      'In `upgrade` mode, the controller version running at the end (the target, or the old one after a rollback).',
  },
  post: 'always()',
});

export type Definition = typeof definition;
