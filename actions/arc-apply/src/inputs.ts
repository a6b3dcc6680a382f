import { defineAction, input } from '@gloriousflywheel/shared';

export const definition = defineAction({
  name: 'arc-apply',
  title: 'GloriousFlywheel ARC apply',
  description:
    'The managed ARC apply pipeline: scope, reap leaked runners, freeze caps, drain, plan, guard, apply, ' +
    'restore caps to the source targets and prove the listeners, with a proven rollback; also pause and resume, ' +
    'drift, capacity audit, warm pools and restore from a dead run.',
  inputs: {
    mode: input.enumOf(['apply', 'drift', 'audit', 'warm-pool', 'restore', 'pause', 'resume'] as const, {
      description:
        'What to do: `apply` (the pipeline), `drift`, `audit`, `warm-pool`, `restore` (caps from a snapshot a dead run left), ' +
        '`pause` (freeze `scale-sets` until resumed) or `resume` (their caps back from the pause, listeners proven).',
      default: 'apply',
    }),
    kubeconfig: input.string({
      description:
        'Kubeconfig YAML or a path to one. Empty: `KUBECONFIG`, then `~/.kube/config`, then in-cluster.',
      secret: true,
    }),
    'controller-namespace': input.kubeName({
      description: 'Namespace of the ARC controller and its listeners.',
      default: 'arc-systems',
    }),
    'runners-namespace': input.kubeName({
      description: 'Namespace of the runner scale sets.',
      default: 'arc-runners',
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
      description: 'Completed runner pods older than this are deleted.',
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
    'fail-on': input.enumOf(['none', 'low', 'high', 'critical'] as const, {
      description: 'In `drift` mode, fail when an item is at least this severe.',
      default: 'high',
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
  },
  post: 'always()',
});

export type Definition = typeof definition;
