import { defineAction, input } from '@gloriousflywheel/shared';
import { DEFAULT_QUERIES } from './fleet/default-queries';
import { WORKLOAD_PRESETS } from './workloads';

export const definition = defineAction({
  name: 'benchmark',
  title: 'GloriousFlywheel benchmark',
  description:
    'Times a CI workload with repeats, measures queue wait and runner cold start, samples CPU and memory, reads cache hit rates, scores results against the platform KPIs and detects regressions.',
  inputs: {
    mode: input.enumOf(['run', 'scorecard', 'fleet', 'alert-rules'] as const, {
      description:
        '`run` measures a workload in this job; `scorecard` scores many results over time; `fleet` reads the fleet (gauges, KPIs); `alert-rules` writes the Prometheus alert rules.',
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
      description:
        'Run and fleet: where the result file is written. Scorecard: the folder of results (benchmark, fleet, arc-apply; downloaded artifacts) to score.',
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
    gate: input.boolean({
      description:
        'Scorecard: the release gate — fail when a platform KPI is red in the newest window or the newest result is older than `max-age`.',
      default: 'false',
    }),
    'max-age': input.duration({
      span: true,
      description: 'Scorecard gate: the newest result must be younger than this.',
      default: '2d',
    }),
    window: input.duration({
      span: true,
      description: 'Scorecard: the length of one trend window. Fleet: how far back the KPIs are read.',
      default: '7d',
      minMs: 60_000,
    }),
    'trend-windows': input.integer({
      description: 'Scorecard: how many windows the trend shows.',
      default: '4',
      min: 1,
      max: 52,
    }),
    'results-cache': input.boolean({
      description:
        "Scorecard: also score the baselines `run` keeps in this repository's Actions cache (GitHub).",
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
    org: input.string({
      description:
        'Fleet: the organisation (GitLab: group) — its runners, and the jobs of every repository that may use `runner-groups`.',
    }),
    repositories: input.list({
      item: 'owner-repo',
      description:
        'Fleet: further repositories whose queued jobs are counted (the whole scope without `org`).',
    }),
    'runner-groups': input.list({
      item: 'string',
      description:
        "Fleet: the platform's runner groups (GitLab: runner types); repositories that may use none of them are not read. Default: all.",
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
    'listener-metrics-urls': input.list({
      item: 'url',
      description: "Fleet: ARC listener metrics endpoints to scrape (each listener pod's `/metrics`).",
    }),
    'arc-namespace': input.string({
      description:
        "Fleet: read the listener pods' metrics in this namespace through the Kubernetes API's pod proxy (`get` on pods/proxy).",
    }),
    kubeconfig: input.string({
      description:
        'Fleet: a kubeconfig (YAML or path) for `arc-namespace`; default KUBECONFIG or the in-cluster account.',
      secret: true,
    }),
    'controller-metrics-url': input.url({
      description: "Fleet: the ARC controller's metrics endpoint (`gha_controller_*`).",
    }),
    'prometheus-url': input.url({
      description:
        'Fleet: a Prometheus that scrapes ARC and the nodes: the listener gauges, CPU, uptime and startup times are read from it.',
    }),
    'prometheus-token': input.string({
      description: 'Fleet: a bearer token for `prometheus-url`.',
      secret: true,
    }),
    'prometheus-username': input.string({ description: 'Fleet: basic-auth user for `prometheus-url`.' }),
    'prometheus-password': input.string({
      description: 'Fleet: basic-auth password for `prometheus-url`.',
      secret: true,
    }),
    'arc-selector': input.string({
      description: 'Fleet: PromQL label matchers narrowing the ARC series, e.g. `namespace="arc-runners"`.',
    }),
    'cpu-query': input.string({
      description: 'Fleet: PromQL for node CPU busy % (default: node_exporter idle time).',
      default: DEFAULT_QUERIES.cpu,
    }),
    'uptime-query': input.string({
      description: 'Fleet: PromQL for the % of listeners running (default: the ARC controller gauge).',
      default: DEFAULT_QUERIES.uptime,
    }),
    'startup-query': input.string({
      description: 'Fleet: PromQL for the startup p95 per hour (default: ARC startup histogram).',
      default: DEFAULT_QUERIES.startup,
    }),
    'cold-start-query': input.string({
      description: 'Fleet: PromQL for the non-Nix cold start p50.',
      default: DEFAULT_QUERIES.coldStart,
    }),
    'cold-start-nix-query': input.string({
      description: 'Fleet: PromQL for the Nix (warm pool) start p50.',
      default: DEFAULT_QUERIES.coldStartNix,
    }),
    'fleet-kpis': input.boolean({
      description:
        "Fleet: also read the window's finished runs from the forge (failed-job rate, queue waits, pipeline durations per tier).",
      default: 'false',
    }),
    'max-runs': input.integer({
      description: 'Fleet KPIs: finished runs read per repository.',
      default: '20',
      min: 1,
      max: 100,
    }),
    'config-repository': input.string({
      description: 'Fleet: the repository holding the ARC configuration, for the config-change lead time.',
    }),
    'config-branch': input.string({
      description: "Fleet: the branch changes merge into (default: the config repository's default branch).",
    }),
    'apply-results': input.string({
      description:
        'Fleet: a folder of arc-apply result files (downloaded artifacts) that prove merged changes.',
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
    'fleet-file': 'Fleet: the fleet telemetry record written for this pass.',
    'rules-file': 'Alert-rules: the Prometheus rules file.',
    'prometheus-rule-file': 'Alert-rules: the same rules as a PrometheusRule manifest.',
  },
});

export type BenchmarkDefinition = typeof definition;
