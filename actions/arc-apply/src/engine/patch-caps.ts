import { FlywheelError } from '@gloriousflywheel/shared';
import { isRetryable } from '../kube/errors';
import type { ClusterGateway } from '../kube/gateway';
import { type Ars, type Caps, capsOf, type Ers, sameCaps } from '../kube/types';
import type { Clock } from './clock';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 6, baseDelayMs: 500 };

/**
 * Sets an ARS's caps, patching against a known resourceVersion: the object from the phase's list
 * on the first attempt (no extra read), a fresh read on every retry, so a 409 or a 5xx is retried
 * on fresh state, never by replaying a stale body. A set already at the caps is not patched (any
 * spec write recreates its listener).
 */
export async function setCaps(
  gw: ClusterGateway,
  clock: Clock,
  namespace: string,
  name: string,
  caps: Caps,
  retry: RetryPolicy = defaultRetry,
  known?: Ars,
): Promise<'patched' | 'unchanged'> {
  let listed = known;
  return withFreshRetry(clock, retry, `set caps of ${namespace}/${name}`, async () => {
    const ars = listed ?? (await gw.get<Ars>('AutoscalingRunnerSet', namespace, name));
    listed = undefined;
    if (!ars) throw new FlywheelError('NOT_FOUND', `scale set ${namespace}/${name} no longer exists`);
    if (sameCaps(capsOf(ars), caps)) return 'unchanged';
    await gw.patch(
      'AutoscalingRunnerSet',
      namespace,
      name,
      { spec: { minRunners: caps.minRunners, maxRunners: caps.maxRunners } },
      ars.metadata.resourceVersion,
    );
    return 'patched';
  });
}

/** The #4432 workaround: scale an ERS to 0 at patchID 0, only while no listener can overwrite it. */
export async function zeroRunnerSet(
  gw: ClusterGateway,
  clock: Clock,
  namespace: string,
  name: string,
  retry: RetryPolicy = defaultRetry,
): Promise<'patched' | 'unchanged'> {
  return withFreshRetry(clock, retry, `scale runner set ${namespace}/${name} to 0`, async () => {
    const ers = await gw.get<Ers>('EphemeralRunnerSet', namespace, name);
    if (!ers || (ers.spec?.replicas === 0 && ers.spec?.patchID === 0)) return 'unchanged';
    await gw.patch(
      'EphemeralRunnerSet',
      namespace,
      name,
      { spec: { replicas: 0, patchID: 0 } },
      ers.metadata.resourceVersion,
    );
    return 'patched';
  });
}

export async function withFreshRetry<T>(
  clock: Clock,
  retry: RetryPolicy,
  what: string,
  attempt: () => Promise<T>,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < retry.attempts; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
      if (!isRetryable(error)) throw error;
      await clock.sleep(retry.baseDelayMs * 2 ** i);
    }
  }
  throw new FlywheelError('KUBE_CONFLICT', `${what}: still failing after ${retry.attempts} attempts`, {
    cause: last,
    hint: 'Another writer keeps changing the object, or the API server keeps failing; retry the run.',
  });
}
