import { defineAction, input } from '@gloriousflywheel/shared';

/** The one definition of canary-check's inputs and outputs. */
export const definition = defineAction({
  name: 'canary-check',
  title: 'GloriousFlywheel canary check',
  description:
    'Proves repositories are enrolled on the runner platform: from the forge API (runner visibility, groups, capacity, recent jobs, workflow labels) and from inside a job (runner identity, caches, toolchain, capacity envelope, devices, workspace hygiene).',
  inputs: {
    mode: input.enumOf(['outside', 'inside', 'both'] as const, {
      description:
        '`outside` checks through the forge API, `inside` checks the runner this job landed on, `both` does both.',
      default: 'outside',
    }),
    repositories: input.list({
      item: 'string',
      description:
        'Repositories to check from outside, one per line or comma-separated: `owner/repo` on GitHub, the project path on GitLab. Default: the current repository.',
    }),
    'runner-labels': input.list({
      item: 'string',
      minItems: 1,
      required: true,
      description: 'Runner labels (GitLab: tags) the repositories must be able to use, e.g. `tinyland-nix`.',
    }),
    token: input.string({
      description: "Token for the forge API (GitHub: one that may read the org's runners and runner groups).",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml writes it
      default: '${{ github.token }}',
      secret: true,
      singleLine: true,
    }),
    forge: input.enumOf(['auto', 'github', 'gitlab'] as const, {
      description: 'Which forge the repositories live on; `auto` follows the CI system the action runs in.',
      default: 'auto',
    }),
    'api-url': input.url({ description: "Forge API base URL. Default: the run context's API URL." }),
    'api-timeout': input.duration({
      description:
        'Deadline of one forge API request, from connecting to the last byte of the answer; failures are retried 3 times.',
      default: '30s',
      minMs: 1000,
    }),
    strict: input.boolean({ description: 'Fail on warnings too.', default: 'false' }),
    'check-workflows': input.boolean({
      description: 'Check 5: read the workflow files and confirm they ask for the labels.',
      default: 'true',
    }),
    'recent-runs': input.integer({
      description:
        'How many of the newest workflow runs (within `lookback`) check 4 inspects per repository.',
      default: '10',
      min: 0,
      max: 100,
    }),
    lookback: input.duration({
      span: true,
      description: 'How far back check 4 looks for runs.',
      default: '7d',
    }),
    'max-queue': input.duration({
      span: true,
      description: 'A job still waiting for a runner after this long fails check 4.',
      default: '15m',
    }),
    concurrency: input.integer({
      description: 'Repositories checked at the same time.',
      default: '4',
      min: 1,
      max: 16,
    }),
    'job-id': input.string({
      description:
        "Inside: this job's id (pass `job.check_run_id` as an expression) to read its labels and runner group from the API.",
    }),
    'attic-endpoint': input.string({
      description: 'Inside: the Attic server URL. Default: `ATTIC_SERVER` from the environment.',
    }),
    'attic-cache': input.string({ description: 'Inside: the Attic cache name.', default: 'main' }),
    'attic-token': input.string({
      description: 'Inside: Attic token for the authenticated cache config.',
      secret: true,
      singleLine: true,
    }),
    'bazel-remote-url': input.string({
      description: 'Inside: the Bazel remote cache URL. Default: `BAZEL_REMOTE_CACHE` from the environment.',
    }),
    'bazel-remote-token': input.string({
      description: 'Inside: Bazel remote cache credentials.',
      secret: true,
      singleLine: true,
    }),
    'expect-cpu': input.number({
      description: "Inside: expected CPU limit of the job's cgroup, in cores.",
      min: 0,
    }),
    'expect-memory': input.string({
      description: "Inside: expected memory limit of the job's cgroup, e.g. `8Gi`.",
      pattern: /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/,
      patternText: 'a size such as `8Gi` or `512Mi`',
    }),
    'min-free-disk': input.string({
      description: 'Inside: free space required on the workspace and the Nix store.',
      default: '5Gi',
      pattern: /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/,
      patternText: 'a size such as `10Gi`',
    }),
    'expect-devices': input.list({
      item: 'string',
      description: 'Inside: devices the lane must offer: `kvm`, `dri`.',
    }),
    'work-root': input.string({
      description: "Inside: the runner's work root. Default: two levels above the workspace (`_work`).",
    }),
    'stale-after': input.duration({
      span: true,
      description: 'Inside: checkouts untouched this long are stale.',
      default: '6h',
    }),
    cleanup: input.boolean({
      description: 'Inside: remove stale checkouts (otherwise a dry run).',
      default: 'false',
    }),
    'nix-store': input.string({ description: 'Inside: the Nix store directory.', default: '/nix/store' }),
    'dev-root': input.string({
      description: 'Inside: where devices live (tests point it elsewhere).',
      default: '/dev',
    }),
    'system-root': input.string({
      description:
        'Inside: the filesystem root holding /proc and /sys for cgroup limits (tests point it elsewhere).',
      default: '/',
    }),
    'junit-file': input.string({
      description: 'Where to write the JUnit report. Default: in the runner temp dir.',
    }),
  },
  outputs: {
    'result-file': 'Path of the JSON result file.',
    'junit-file': 'Path of the JUnit XML report (one test case per check).',
    status: 'Overall verdict: `pass`, `warn` or `fail`.',
    passed: 'Number of checks that passed.',
    warned: 'Number of checks that warned.',
    failed: 'Number of checks that failed.',
  },
});

export type Definition = typeof definition;
