import type { SimulatedCluster } from '../../src/arc/cluster';
import type { KubeObject } from '../../src/kube/index';

export const ARC = '/apis/actions.github.com/v1alpha1';

/** A merge patch over HTTP, as a client would send it. */
export async function mergePatch(c: SimulatedCluster, path: string, body: unknown): Promise<KubeObject> {
  const res = await fetch(`${c.url}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as KubeObject;
  if (res.status !== 200) throw new Error(`PATCH ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function del(c: SimulatedCluster, path: string): Promise<number> {
  const res = await fetch(`${c.url}${path}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${c.token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

export function arsPath(c: SimulatedCluster, name: string): string {
  return `${ARC}/namespaces/${c.runnersNamespace}/autoscalingrunnersets/${name}`;
}

export function runnerSets(c: SimulatedCluster, scaleSet: string): KubeObject[] {
  return c.store
    .list('EphemeralRunnerSet', c.runnersNamespace)
    .filter((o) => o.metadata.labels?.['actions.github.com/scale-set-name'] === scaleSet);
}

export function runners(c: SimulatedCluster, scaleSet: string): KubeObject[] {
  return c.store
    .list('EphemeralRunner', c.runnersNamespace)
    .filter((o) => o.metadata.labels?.['actions.github.com/scale-set-name'] === scaleSet);
}

export function listener(c: SimulatedCluster, scaleSet: string): KubeObject | undefined {
  return c.store
    .list('AutoscalingListener', c.controllerNamespace)
    .find((o) => o.metadata.labels?.['actions.github.com/scale-set-name'] === scaleSet);
}

export function spec<T = Record<string, number>>(obj: KubeObject | undefined): T {
  return (obj?.spec ?? {}) as T;
}

export function status<T = Record<string, unknown>>(obj: KubeObject | undefined): T {
  return (obj?.status ?? {}) as T;
}

export const busy = (c: SimulatedCluster, scaleSet: string) =>
  runners(c, scaleSet).filter(
    (r) => status(r)['jobRequestId'] !== undefined && status(r)['phase'] === 'Running',
  );
export const idle = (c: SimulatedCluster, scaleSet: string) =>
  runners(c, scaleSet).filter(
    (r) => status(r)['jobRequestId'] === undefined && status(r)['phase'] === 'Running',
  );
