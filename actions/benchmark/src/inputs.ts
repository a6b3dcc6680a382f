import { defineAction, input } from '@gloriousflywheel/shared';
import { WORKLOAD_PRESETS } from './workloads';

export const definition = defineAction({
  name: 'benchmark',
  title: 'GloriousFlywheel benchmark',
  description:
    'Times a CI workload with repeats, measures queue wait and runner cold start, samples CPU and memory, reads cache hit rates, scores results against the platform KPIs and detects regressions.',
  inputs: {
    mode: input.enumOf(['run', 'scorecard', 'fleet'] as const, {
      description:
        '`run` measures a workload in this job; `scorecard` aggregates a directory of results; `fleet` reports the runner gauges.',
      default: 'run',
    }),
    command: input.string({
      description: 'A shell command to measure (run mode), run like a `run:` step. Give this or `workload`.',
    }),
    workload: input.enumOf(WORKLOAD_PRESETS, {
      description: 'A preset workload to measure instead of `command`.',
    }),
    target: input.string({
      description:
        'The target of `nix-build` (default `.#default`), `flake-check` or `bazel-test` (default `//...`).',
    }),
    context: input.string({ description: 'The build context of `docker-build`.', default: '.' }),
    name: input.string({
      description: 'The workload name results are grouped by (default: the preset, or `command`).',
    }),
    runs: input.integer({ description: 'Measured runs.', default: '1', min: 1, max: 10000 }),
    warmup: input.integer({
      description: 'Runs before the measured ones, not counted.',
      default: '0',
      min: 0,
      max: 1000,
    }),
    'run-timeout': input.duration({
      description: 'Longest one run may take before it is stopped.',
      default: '6h',
    }),
    'runner-label': input.string({
      description:
        'The runner class this job ran on (its `runs-on` label); results are grouped and baselined by it.',
    }),
    'sample-interval': input.duration({
      description: 'How often CPU and memory are sampled.',
      default: '1s',
      minMs: 100,
    }),
    'results-dir': input.string({
      description: 'Run: where the result file is written. Scorecard: the directory of results to aggregate.',
    }),
    baseline: input.string({
      description: 'A result file or directory to compare with (otherwise the cached history, on GitHub).',
    }),
    'baseline-window': input.integer({
      description: 'How many past results of the same key form the baseline.',
      default: '20',
      min: 1,
      max: 1000,
    }),
    'cache-baseline': input.boolean({
      description:
        'Keep the history in the Actions cache, keyed by runner label, workload and fingerprint (GitHub only).',
      default: 'true',
    }),
    'fail-on-regression': input.boolean({
      description: 'Fail the step when the verdict is `regression`.',
      default: 'false',
    }),
    'min-effect': input.number({
      description: 'The smallest relative change that counts (0.05 = 5 %).',
      default: '0.05',
      min: 0,
      max: 10,
    }),
    'kpi-targets': input.string({
      description: 'A JSON or YAML file overriding KPI targets (defaults: the platform KPIs).',
    }),
    'fail-on-kpi': input.boolean({
      description: 'Scorecard: fail the step when a KPI fails (missing data never fails it).',
      default: 'false',
    }),
    token: input.string({
      description: 'A token to read this job (GitHub `actions: read`) and, in fleet mode, the runners.',
      secret: true,
      singleLine: true,
    }),
    'api-timeout': input.duration({
      description:
        'Deadline of one forge API or Pushgateway request, from connecting to the last byte of the answer; failures are retried.',
      default: '30s',
      minMs: 1000,
    }),
    'job-id': input.integer({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      description: "This job's id, `${{ job.check_run_id }}`; otherwise found by runner name.",
      min: 1,
    }),
    'nix-hit-rate': input.number({
      description: "Nix cache hit rate as a share 0–1, as attic-setup's output gives it (empty: unknown).",
      min: 0,
      max: 1,
    }),
    'bazel-hit-rate': input.number({
      description: "Bazel cache hit rate as a share 0–1, as attic-setup's output gives it (empty: unknown).",
      min: 0,
      max: 1,
    }),
    'bazel-log': input.string({ description: 'A Bazel log to read the remote cache hit rate from.' }),
    org: input.string({ description: 'Fleet: the organisation whose runners are counted.' }),
    repositories: input.list({
      item: 'owner-repo',
      description: 'Fleet: repositories whose runners (without `org`) and queued jobs are counted.',
    }),
    pools: input.list({
      item: 'string',
      description: 'Fleet: the runner labels to report (default: every non-generic label).',
    }),
    'pushgateway-url': input.url({ description: 'Fleet: a Prometheus Pushgateway to push the gauges to.' }),
    'pushgateway-job': input.string({
      description: 'Fleet: the Pushgateway job name.',
      default: 'gloriousflywheel-fleet',
    }),
    'report-dir': input.string({
      description:
        'Where the JUnit, metrics and Markdown reports go (GitLab default: `.flywheel/benchmark`).',
    }),
  },
  outputs: {
    'result-file': "The action's result envelope (JSON).",
    'record-file': 'Run: the benchmark result file written for this run.',
    'median-ms': 'Run: the median wall time of the measured runs, in milliseconds.',
    verdict: 'Run: `regression`, `improvement`, `no change` or `insufficient data`.',
    'scorecard-file': 'Scorecard: the scorecard as JSON.',
    'metrics-file': 'The metrics report (GitLab metrics format) or, in fleet mode, the OpenMetrics text.',
    'junit-file': 'Scorecard: JUnit XML with one test case per KPI.',
    'kpi-failed': 'Scorecard: how many KPIs failed.',
  },
});

export type BenchmarkDefinition = typeof definition;
