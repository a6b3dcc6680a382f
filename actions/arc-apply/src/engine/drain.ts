import { formatDuration } from '@gloriousflywheel/shared';
import type { Ars, Er } from '../kube/types';
import { keyOf } from '../kube/types';
import type { OnDrainTimeout } from './config';
import type { EngineDeps } from './deps';
import { type BusyRunner, drainTimeoutStrategy } from './drain-policy';
import { readFleet, runnersOf } from './fleet';
import { isBusy, type SemVer } from './version';

export interface DrainOptions {
  timeoutMs: number;
  onTimeout: OnDrainTimeout;
  progressEveryMs: number;
  controllerVersion: SemVer | undefined;
}

export interface DrainResult {
  waitedMs: number;
  timedOut: boolean;
  busyAtEnd: Omit<BusyRunner, 'described'>[];
  progressReports: number;
}

function describe(er: Er): string {
  const s = er.status ?? {};
  const job = s.jobDisplayName ?? s.jobId ?? (s.jobRequestId ? `request ${s.jobRequestId}` : 'job');
  return `${er.metadata.name} (${s.jobRepositoryName ?? 'unknown repo'}: ${job})`;
}

/**
 * Waits for busy runners on the frozen sets to finish, bounded, reporting progress as it goes; at
 * the timeout the `on-drain-timeout` strategy decides.
 */
export async function drain(deps: EngineDeps, frozen: Ars[], opts: DrainOptions): Promise<DrainResult> {
  const { clock, log } = deps;
  const start = clock.now().getTime();
  const keys = new Set(frozen.map(keyOf));
  let nextProgress = start;
  let reports = 0;
  for (;;) {
    const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
    const busy: BusyRunner[] = [];
    for (const ars of view.ars.filter((a) => keys.has(keyOf(a)))) {
      for (const er of runnersOf(view, ars)) {
        if (!isBusy(er, opts.controllerVersion)) continue;
        busy.push({
          name: er.metadata.name,
          scaleSet: ars.metadata.name,
          ...(er.status?.jobRepositoryName ? { repository: er.status.jobRepositoryName } : {}),
          ...(er.status?.jobDisplayName ? { job: er.status.jobDisplayName } : {}),
          described: describe(er),
        });
      }
    }
    const now = clock.now().getTime();
    const waited = now - start;
    const busyAtEnd = busy.map(({ described: _, ...runner }) => runner);
    if (busy.length === 0) {
      log.info(`drain: no busy runners on the frozen sets after ${formatDuration(waited)}`);
      return { waitedMs: waited, timedOut: false, busyAtEnd, progressReports: reports };
    }
    if (now >= nextProgress) {
      reports++;
      nextProgress = now + opts.progressEveryMs;
      const shown = busy.slice(0, 10).map((b) => b.described);
      log.info(
        `drain: ${busy.length} busy runner(s), ${formatDuration(Math.max(0, opts.timeoutMs - waited))} left: ` +
          `${shown.join(', ')}${busy.length > shown.length ? ` and ${busy.length - shown.length} more` : ''}`,
      );
    }
    if (waited >= opts.timeoutMs) {
      drainTimeoutStrategy(opts.onTimeout).atTimeout(busy, opts.timeoutMs, log);
      return { waitedMs: waited, timedOut: true, busyAtEnd, progressReports: reports };
    }
    await clock.sleep(Math.min(deps.pollMs, Math.max(1, opts.timeoutMs - waited)));
  }
}
