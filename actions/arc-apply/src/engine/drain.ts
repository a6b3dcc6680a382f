import { FlywheelError, formatDuration } from '@gloriousflywheel/shared';
import type { Ars, Er } from '../kube/types';
import { keyOf } from '../kube/types';
import type { EngineDeps } from './deps';
import { readFleet, runnersOf } from './fleet';
import { isBusy, type SemVer } from './version';

export interface DrainOptions {
  timeoutMs: number;
  onTimeout: 'fail' | 'proceed';
  progressEveryMs: number;
  controllerVersion: SemVer | undefined;
}

export interface DrainResult {
  waitedMs: number;
  timedOut: boolean;
  busyAtEnd: { name: string; scaleSet: string; repository?: string; job?: string }[];
  progressReports: number;
}

function describe(er: Er): string {
  const s = er.status ?? {};
  const job = s.jobDisplayName ?? s.jobId ?? (s.jobRequestId ? `request ${s.jobRequestId}` : 'job');
  return `${er.metadata.name} (${s.jobRepositoryName ?? 'unknown repo'}: ${job})`;
}

/** Waits for busy runners on the frozen sets to finish, bounded, reporting progress as it goes. */
export async function drain(deps: EngineDeps, frozen: Ars[], opts: DrainOptions): Promise<DrainResult> {
  const { clock, log } = deps;
  const start = clock.now().getTime();
  const keys = new Set(frozen.map(keyOf));
  let nextProgress = start;
  let reports = 0;
  for (;;) {
    const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
    const busy: { er: Er; scaleSet: string }[] = [];
    for (const ars of view.ars.filter((a) => keys.has(keyOf(a)))) {
      for (const er of runnersOf(view, ars))
        if (isBusy(er, opts.controllerVersion)) busy.push({ er, scaleSet: ars.metadata.name });
    }
    const now = clock.now().getTime();
    const waited = now - start;
    const busyAtEnd = busy.map(({ er, scaleSet }) => ({
      name: er.metadata.name,
      scaleSet,
      ...(er.status?.jobRepositoryName ? { repository: er.status.jobRepositoryName } : {}),
      ...(er.status?.jobDisplayName ? { job: er.status.jobDisplayName } : {}),
    }));
    if (busy.length === 0) {
      log.info(`drain: no busy runners on the frozen sets after ${formatDuration(waited)}`);
      return { waitedMs: waited, timedOut: false, busyAtEnd, progressReports: reports };
    }
    if (now >= nextProgress) {
      reports++;
      nextProgress = now + opts.progressEveryMs;
      const shown = busy.slice(0, 10).map((b) => describe(b.er));
      log.info(
        `drain: ${busy.length} busy runner(s), ${formatDuration(Math.max(0, opts.timeoutMs - waited))} left: ` +
          `${shown.join(', ')}${busy.length > shown.length ? ` and ${busy.length - shown.length} more` : ''}`,
      );
    }
    if (waited >= opts.timeoutMs) {
      if (opts.onTimeout === 'proceed') {
        log.warning(
          `drain: timed out with ${busy.length} busy runner(s); proceeding as on-drain-timeout says`,
        );
        return { waitedMs: waited, timedOut: true, busyAtEnd, progressReports: reports };
      }
      throw new FlywheelError(
        'DRAIN_TIMEOUT',
        `${busy.length} runner(s) still busy after ${formatDuration(opts.timeoutMs)}: ${busy
          .slice(0, 5)
          .map((b) => describe(b.er))
          .join(', ')}`,
        {
          hint: 'Raise drain-timeout, or set on-drain-timeout: proceed to apply while jobs run.',
          details: { busy: busyAtEnd },
        },
      );
    }
    await clock.sleep(Math.min(deps.pollMs, Math.max(1, opts.timeoutMs - waited)));
  }
}
