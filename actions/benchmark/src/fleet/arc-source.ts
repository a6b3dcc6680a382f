import { FlywheelError, httpRequest, scaleSetOfRunnerSet } from '@gloriousflywheel/shared';
import type { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import { parseExposition, type Sample } from './exposition';

/*
 * ARC's metric names and labels (checked against actions-runner-controller at
 * gha-runner-scale-set-0.14.2: cmd/ghalistener/metrics/metrics.go for the listener,
 * controllers/actions.github.com/metrics/metrics.go for the controller):
 * - listener gauges gha_assigned_jobs, gha_running_jobs, gha_registered_runners, gha_busy_runners,
 *   gha_idle_runners, gha_desired_runners, gha_min_runners, gha_max_runners, labelled enterprise,
 *   organization, repository, name, namespace — `name` is the EphemeralRunnerSet's (the listener is
 *   started with EphemeralRunnerSetName, cmd/ghalistener/main.go), which the controller creates with
 *   generateName `<AutoscalingRunnerSet>-` (resourcebuilder.go);
 * - controller gauges gha_controller_{pending,running,failed}_ephemeral_runners named by the
 *   AutoscalingRunnerSet, and gha_controller_running_listeners named by the AutoscalingListener.
 */

const LISTENER_GAUGES = [
  'gha_assigned_jobs',
  'gha_running_jobs',
  'gha_registered_runners',
  'gha_busy_runners',
  'gha_idle_runners',
  'gha_desired_runners',
  'gha_min_runners',
  'gha_max_runners',
] as const;
type ListenerGauge = (typeof LISTENER_GAUGES)[number];

export interface ScaleSetReading {
  /** The AutoscalingRunnerSet's name (what `runs-on` names, unless runnerScaleSetLabels say more). */
  scaleSet: string;
  namespace: string;
  assigned: number;
  running: number;
  registered: number;
  busy: number;
  idle: number;
  desired: number;
  min: number;
  max: number;
  /**
   * Jobs assigned to the scale set and not yet running: `gha_assigned_jobs − gha_running_jobs`
   * (never below 0). Its known failure: after a GitHub incident the service can keep reporting a
   * stale, inflated TotalAssignedJobs that never recovers (ARC #4397) — phantom jobs that wait
   * forever while runners sit idle.
   */
  queueDepth: number;
  /** Jobs said to wait while registered runners are idle: the ARC #4397 signature. */
  suspectStale: boolean;
}

export interface ListenerReading {
  name: string;
  namespace: string;
  up: boolean;
}

export interface ControllerReading {
  scaleSet: string;
  namespace: string;
  pending: number;
  running: number;
  failed: number;
}

export interface ArcReading {
  source: 'metrics-url' | 'kube-proxy' | 'prometheus';
  scaleSets: ScaleSetReading[];
  /** From the controller (`gha_controller_running_listeners`), when it is read. */
  listeners: ListenerReading[];
  controller: ControllerReading[];
  /** Listener endpoints that did not answer (metrics-url source). */
  unreachable: string[];
}

export function readings(samples: Sample[], known: readonly string[]): ScaleSetReading[] {
  const sets = new Map<string, Partial<Record<ListenerGauge, number>> & { ers: string; namespace: string }>();
  for (const s of samples) {
    if (!(LISTENER_GAUGES as readonly string[]).includes(s.name)) continue;
    const key = `${s.labels['namespace'] ?? ''}/${s.labels['name'] ?? ''}`;
    const row = sets.get(key) ?? { ers: s.labels['name'] ?? '', namespace: s.labels['namespace'] ?? '' };
    row[s.name as ListenerGauge] = (row[s.name as ListenerGauge] ?? 0) + s.value;
    sets.set(key, row);
  }
  return [...sets.values()]
    .map((r) => {
      const n = (g: ListenerGauge) => r[g] ?? 0;
      const queueDepth = Math.max(0, n('gha_assigned_jobs') - n('gha_running_jobs'));
      return {
        scaleSet: scaleSetOfRunnerSet(r.ers, known),
        namespace: r.namespace,
        assigned: n('gha_assigned_jobs'),
        running: n('gha_running_jobs'),
        registered: n('gha_registered_runners'),
        busy: n('gha_busy_runners'),
        idle: n('gha_idle_runners'),
        desired: n('gha_desired_runners'),
        min: n('gha_min_runners'),
        max: n('gha_max_runners'),
        queueDepth,
        suspectStale: queueDepth > 0 && n('gha_idle_runners') > 0,
      };
    })
    .sort((a, b) => a.scaleSet.localeCompare(b.scaleSet));
}

export function controllerReadings(samples: Sample[]): {
  controller: ControllerReading[];
  listeners: ListenerReading[];
} {
  const sets = new Map<string, ControllerReading>();
  const listeners: ListenerReading[] = [];
  for (const s of samples) {
    const name = s.labels['name'] ?? '';
    const namespace = s.labels['namespace'] ?? '';
    if (s.name === 'gha_controller_running_listeners') {
      listeners.push({ name, namespace, up: s.value >= 1 });
      continue;
    }
    const field = /^gha_controller_(pending|running|failed)_ephemeral_runners$/.exec(s.name)?.[1] as
      | 'pending'
      | 'running'
      | 'failed'
      | undefined;
    if (!field) continue;
    const key = `${namespace}/${name}`;
    const row = sets.get(key) ?? { scaleSet: name, namespace, pending: 0, running: 0, failed: 0 };
    row[field] += s.value;
    sets.set(key, row);
  }
  return { controller: [...sets.values()], listeners };
}

async function scrape(url: string, headers: Record<string, string>): Promise<Sample[]> {
  const res = await httpRequest(url, {
    headers: { accept: 'text/plain', ...headers },
    timeoutMs: 15_000,
    retries: 2,
  });
  if (res.status !== 200) {
    throw new FlywheelError('HTTP_ERROR', `${url} answered ${res.status}`, {
      hint: 'a listener serves metrics only with the controller flag --listener-metrics-addr (chart: listenerMetrics)',
    });
  }
  return parseExposition(res.text());
}

/**
 * Scrapes listener endpoints (each listener pod's `/metrics`) and optionally the controller's.
 * A listener that does not answer is reported, not fatal: the others still count.
 */
export async function readArcFromUrls(
  listenerUrls: readonly string[],
  controllerUrl: string | undefined,
  headers: Record<string, string> = {},
): Promise<ArcReading> {
  const unreachable: string[] = [];
  const samples: Sample[] = [];
  for (const url of listenerUrls) {
    try {
      samples.push(...(await scrape(url, headers)));
    } catch {
      unreachable.push(url);
    }
  }
  const ctl = controllerUrl ? controllerReadings(await scrape(controllerUrl, headers)) : undefined;
  const known = ctl?.controller.map((c) => c.scaleSet) ?? [];
  return {
    source: 'metrics-url',
    scaleSets: readings(samples, known),
    listeners: ctl?.listeners ?? [],
    controller: ctl?.controller ?? [],
    unreachable,
  };
}

/** The same gauges from a Prometheus server that scrapes ARC: two instant queries. */
export async function readArcFromPrometheus(prom: PrometheusClient, selector = ''): Promise<ArcReading> {
  const inner = selector ? `,${selector}` : '';
  const listener = await prom.instant(`{__name__=~"${LISTENER_GAUGES.join('|')}"${inner}}`);
  const controller = await prom.instant(`{__name__=~"gha_controller_.+"${inner}}`);
  const toSamples = (series: typeof listener): Sample[] =>
    series.map((s) => ({ name: s.labels['__name__'] ?? '', labels: s.labels, value: s.points[0]?.[1] ?? 0 }));
  const ctl = controllerReadings(toSamples(controller));
  return {
    source: 'prometheus',
    scaleSets: readings(
      toSamples(listener),
      ctl.controller.map((c) => c.scaleSet),
    ),
    listeners: ctl.listeners,
    controller: ctl.controller,
    unreachable: [],
  };
}
