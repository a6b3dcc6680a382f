import { defineAction, type InputsOf, input } from '@gloriousflywheel/shared';

/** The one definition of attic-setup's inputs and outputs; action.yml and the README follow it. */
export const definition = defineAction({
  name: 'attic-setup',
  title: 'Attic, Bazel and BuildKit cache setup',
  description:
    'Wires the Attic Nix binary cache (pull, and push of what the job built), the Bazel remote cache and the ' +
    'BuildKit registry cache into a job without installing a client, and reports cache hit rates.',
  inputs: {
    mode: input.enumOf(['setup', 'report'] as const, {
      description:
        '`setup` wires the caches and starts pushing; `report`, in a later step of the same job, pushes what is ' +
        'pending now and gives the hit rates and push counts as step outputs.',
      default: 'setup',
    }),
    endpoint: input.url({
      description:
        'Base URL of the Attic server, e.g. `https://attic.example.com/`. Empty: `ATTIC_SERVER` from the ' +
        'environment, else no Nix cache.',
    }),
    cache: input.string({
      description:
        'Name of the Attic cache. Empty: `ATTIC_CACHE` from the environment. Required with an endpoint.',
      pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/,
      patternText: 'an Attic cache name (letters, digits, `.`, `_`, `-`; at most 50 characters)',
    }),
    token: input.string({
      description:
        'Attic token (JWT); push needs the `w` permission. Empty: `ATTIC_TOKEN` from the environment, sent only ' +
        'to the `ATTIC_SERVER` endpoint; none for a public cache.',
      secret: true,
    }),
    push: input.enumOf(['auto', 'always', 'never'] as const, {
      description:
        '`auto` pushes when a token is given and the run is not from a fork; `always` also from forks.',
      default: 'auto',
    }),
    'push-exclude': input.list({
      item: 'regex',
      description: 'Regular expressions (one per line); store paths matching any of them are never pushed.',
      default: '',
    }),
    'push-during-job': input.boolean({
      description:
        'Push paths as they are built, from a background uploader that lives as long as the job; `false` pushes ' +
        'everything in the post step.',
      default: 'true',
    }),
    'push-timeout': input.duration({
      description:
        'Longest time the post step (or a `report` step) spends pushing what is pending; what is left is ' +
        'reported as deferred.',
      default: '10m',
      minMs: 1000,
    }),
    'push-concurrency': input.integer({ description: 'Uploads at a time.', default: '8', min: 1, max: 64 }),
    substitute: input.boolean({
      description: 'Add the cache as a Nix substituter for this job.',
      default: 'true',
    }),
    'fail-on-unreachable': input.boolean({
      description: 'Fail the step when a configured cache cannot be used (default: warn and go on).',
      default: 'false',
    }),
    'bazel-remote-cache': input.url({
      description: 'URL of a bazel-remote HTTP cache. Empty: no Bazel cache.',
    }),
    'bazel-remote-token': input.string({
      description: 'Credentials for the Bazel cache: a bearer token, or `user:password` for Basic auth.',
      secret: true,
    }),
    'bazel-log': input.string({
      description:
        "Path of a file holding Bazel's output; its `INFO: N processes: …` line gives `bazel-hit-rate`.",
    }),
    'buildkit-cache-ref': input.string({
      description: 'Registry reference for the BuildKit cache, e.g. `registry.example.com/app:buildcache`.',
      pattern: /^[a-z0-9][a-z0-9._\-/:@]*[a-z0-9]$/,
      patternText: 'an image reference such as `registry.example.com/app:buildcache`',
    }),
  },
  outputs: {
    'nix-cache-available': '`true` when the Attic cache answered and is wired into Nix for this job.',
    'nix-conf': 'Path of the job-scoped Nix configuration file (registered through `NIX_USER_CONF_FILES`).',
    substituter: 'The substituter URL added to Nix.',
    'public-key': "The cache's public signing key, as trusted by Nix for this job.",
    'bazel-cache-available': '`true` when the Bazel remote cache answered the probe.',
    bazelrc: 'Path of a bazelrc (mode 0600) with the remote cache flags; pass it with `--bazelrc=`.',
    'bazel-remote-cache': 'The Bazel remote cache URL in use, empty when none.',
    'cache-from': 'BuildKit `cache-from` value for docker/build-push-action.',
    'cache-to': 'BuildKit `cache-to` value (empty on forks and with `push: never`).',
    'nix-hit-rate':
      'Share of the paths new to this job that the cache already had (0–1), empty when unknown.',
    'pushed-paths': 'Number of store paths uploaded to the cache in this job so far.',
    'pushed-during-job':
      'Of `pushed-paths`, those uploaded while the job ran, before this post (or `report`) step began.',
    'pushed-bytes': 'Uncompressed NAR bytes uploaded.',
    'deferred-paths': 'Number of paths left unpushed when `push-timeout` ran out.',
    'bazel-hit-rate': 'Remote cache hits over cacheable Bazel processes (0–1), from `bazel-log`.',
    'result-file': 'Path of the JSON result file.',
  },
  post: 'always()',
});

export type Inputs = InputsOf<typeof definition>;
