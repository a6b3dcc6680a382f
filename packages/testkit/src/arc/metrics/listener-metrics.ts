import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type ArcMetricsState, configUrlLabels, type ListenerState } from './scale-set-state';

/*
 * The listener's metrics as ARC 0.14 exposes them with its default label sets (checked against
 * cmd/ghalistener/metrics/metrics.go at gha-runner-scale-set-0.14.2, unchanged at master in 2026):
 * - gauges `gha_assigned_jobs`, `gha_running_jobs`, `gha_registered_runners`, `gha_busy_runners`,
 *   `gha_idle_runners` (RecordStatistics: the service's statistics), `gha_min_runners`,
 *   `gha_max_runners` (RecordStatic) and `gha_desired_runners` (the scaler's target), labelled
 *   enterprise, organization, repository, name, namespace — name/namespace being the
 *   EphemeralRunnerSet's;
 * - counters `gha_started_jobs_total` (enterprise, organization, repository, job_name, event_name)
 *   and `gha_completed_jobs_total` (the same plus job_result);
 * - histograms `gha_job_startup_duration_seconds` (runnerAssignTime − scaleSetAssignTime, whole
 *   seconds, job labels) and `gha_job_execution_duration_seconds` (finishTime − runnerAssignTime,
 *   job labels plus job_result), with ARC's default runtime buckets.
 * The HELP texts are ours. Job metrics carry no scale-set name by default: Prometheus tells
 * listeners apart by the scrape target.
 */

/** ARC's defaultRuntimeBuckets (seconds). */
export const ARC_RUNTIME_BUCKETS = [
  0.01, 0.05, 0.1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 18, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100,
  110, 120, 150, 180, 210, 240, 300, 360, 420, 480, 540, 600, 900, 1200, 1800, 2400, 3000, 3600,
];

const SCALE_SET_LABELS = ['enterprise', 'organization', 'repository', 'name', 'namespace'] as const;
const JOB_LABELS = ['enterprise', 'organization', 'repository', 'job_name', 'event_name'] as const;

/** Every simulated job comes from a push (the simulator has no other events). */
const EVENT = 'push';
/** The simulated jobs all succeed: the Actions service reports the result word capitalised. */
const RESULT = 'Succeeded';

/**
 * The exposition one listener serves on `/metrics`, computed from the fleet's state at scrape time.
 * TotalAssignedJobs counts every job the scale set has taken: the real listener acquires all
 * available jobs at once (actions/scaleset listener.go acquireAvailableJobs), so jobs beyond
 * maxRunners are assigned and waiting — which is what `assigned − running` (the queue) measures.
 */
export async function listenerExposition(state: ArcMetricsState, listener: ListenerState): Promise<string> {
  const registry = new Registry();
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: SCALE_SET_LABELS, registers: [registry] });
  const base = configUrlLabels(listener.githubConfigUrl);
  const setLabels = { ...base, name: listener.ersName, namespace: listener.ersNamespace };

  const jobs = state.jobs().filter((j) => j.scaleSet === listener.scaleSet);
  const assigned = jobs.filter((j) => j.state !== 'done' && j.assignedAt !== undefined);
  const running = jobs.filter((j) => j.state === 'running');
  const set = state.runnerSets().find((s) => s.scaleSet === listener.scaleSet);
  const registered = (set?.runners ?? []).filter((r) => r.registered && r.phase === 'Running' && !r.deleting);
  const busy = registered.filter((r) => running.some((j) => j.runnerName === r.name));
  const desired = Math.min(listener.minRunners + assigned.length, listener.maxRunners);

  gauge('gha_assigned_jobs', 'Jobs assigned to the scale set, waiting or running.').set(
    setLabels,
    assigned.length,
  );
  gauge('gha_running_jobs', 'Jobs running on the scale set.').set(setLabels, running.length);
  gauge('gha_registered_runners', 'Runners the scale set registered.').set(setLabels, registered.length);
  gauge('gha_busy_runners', 'Registered runners running a job.').set(setLabels, busy.length);
  gauge('gha_idle_runners', 'Registered runners without a job.').set(
    setLabels,
    registered.length - busy.length,
  );
  gauge('gha_min_runners', 'The scale set minimum.').set(setLabels, listener.minRunners);
  gauge('gha_max_runners', 'The scale set maximum.').set(setLabels, listener.maxRunners);
  gauge('gha_desired_runners', 'Runners the listener asks for.').set(setLabels, desired);

  const started = new Counter({
    name: 'gha_started_jobs_total',
    help: 'Jobs started on the scale set.',
    labelNames: JOB_LABELS,
    registers: [registry],
  });
  const completed = new Counter({
    name: 'gha_completed_jobs_total',
    help: 'Jobs completed on the scale set.',
    labelNames: [...JOB_LABELS, 'job_result'],
    registers: [registry],
  });
  const startup = new Histogram({
    name: 'gha_job_startup_duration_seconds',
    help: 'Seconds from the job being assigned to the scale set to a runner taking it.',
    labelNames: JOB_LABELS,
    buckets: ARC_RUNTIME_BUCKETS,
    registers: [registry],
  });
  const execution = new Histogram({
    name: 'gha_job_execution_duration_seconds',
    help: 'Seconds a runner of the scale set spent on the job.',
    labelNames: [...JOB_LABELS, 'job_result'],
    buckets: ARC_RUNTIME_BUCKETS,
    registers: [registry],
  });
  const seconds = (from: number, to: number) => Math.floor(to / 1000) - Math.floor(from / 1000);
  for (const job of jobs) {
    if (job.startedAt === undefined) continue;
    const [owner = '', repo = ''] = job.repository.split('/');
    const labels = {
      enterprise: base.enterprise,
      organization: owner,
      repository: repo,
      job_name: job.displayName,
      event_name: EVENT,
    };
    started.inc(labels);
    startup.observe(labels, seconds(job.assignedAt ?? job.startedAt, job.startedAt));
    if (job.state === 'done' && job.finishedAt !== undefined) {
      completed.inc({ ...labels, job_result: RESULT });
      execution.observe({ ...labels, job_result: RESULT }, seconds(job.startedAt, job.finishedAt));
    }
  }
  return registry.metrics();
}
