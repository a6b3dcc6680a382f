import type { KubeObject } from '../../kube/index';
import type { SimContext } from '../context';

type RunnerStatus = { phase?: string; jobId?: string; jobRequestId?: number; runnerId?: number };

export function statusOf(er: KubeObject): RunnerStatus {
  return (er.status ?? {}) as RunnerStatus;
}

/** IsDone: Succeeded, Failed or Outdated. */
export function isDone(er: KubeObject): boolean {
  const phase = statusOf(er).phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Outdated';
}

/** The controller's busy test: `jobId` set (0.13+) or `jobRequestId > 0` (0.12), and not done. */
export function isBusy(ctx: SimContext, er: KubeObject): boolean {
  const st = statusOf(er);
  const hasJob = ctx.version.minor === '0.12' ? (st.jobRequestId ?? 0) > 0 : (st.jobId ?? '').length > 0;
  return !isDone(er) && hasJob;
}
