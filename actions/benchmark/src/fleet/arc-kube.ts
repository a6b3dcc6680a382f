import { FlywheelError } from '@gloriousflywheel/shared';
import type { ArcReading } from './arc-source';
import { readings } from './arc-source';
import { parseExposition, type Sample } from './exposition';

/** ARC labels its listener pods so (resourcebuilder.go: `app.kubernetes.io/component`). */
export const LISTENER_SELECTOR = 'app.kubernetes.io/component=runner-scale-set-listener';
/** The controller's default `--listener-metrics-addr` (main.go): the port when the pod names none. */
const DEFAULT_PORT = 8080;

function kubeConfig(kc: import('@kubernetes/client-node').KubeConfig, kubeconfig: string | undefined) {
  const value = kubeconfig?.trim();
  if (value) {
    if (value.includes('\n') || value.startsWith('apiVersion')) kc.loadFromString(value);
    else kc.loadFromFile(value);
  } else if (process.env['KUBECONFIG']) kc.loadFromFile(process.env['KUBECONFIG'].split(':')[0]!);
  else kc.loadFromDefault();
  return kc;
}

/**
 * The listener pods' metrics read through the Kubernetes API's pod proxy
 * (`GET /api/v1/namespaces/{ns}/pods/{pod}:{port}/proxy/metrics`, needing `get` on `pods/proxy`),
 * for a job that can reach the API server but not the pod network. The port is the container port
 * named `metrics` (the controller adds it when listener metrics are on), else 8080. A listener that
 * does not answer is reported, not fatal.
 */
export async function readArcFromKube(namespace: string, kubeconfig?: string): Promise<ArcReading> {
  const k8s = await import('@kubernetes/client-node');
  const kc = kubeConfig(new k8s.KubeConfig(), kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  let pods: import('@kubernetes/client-node').V1Pod[];
  try {
    pods = (await core.listNamespacedPod({ namespace, labelSelector: LISTENER_SELECTOR })).items;
  } catch (error) {
    const code = (error as { code?: number }).code;
    throw new FlywheelError(
      code === 401 || code === 403 ? 'FORGE_FORBIDDEN' : 'NETWORK_ERROR',
      `listing the listener pods in ${namespace} failed${code ? ` (${code})` : ''}`,
      {
        hint: 'the job needs `list` on pods and `get` on pods/proxy in the controller namespace',
        cause: error,
      },
    );
  }
  const samples: Sample[] = [];
  const unreachable: string[] = [];
  for (const pod of pods.filter((p) => p.status?.phase === 'Running')) {
    const name = pod.metadata?.name ?? '';
    const port =
      pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === 'metrics')?.containerPort ??
      DEFAULT_PORT;
    try {
      const text = await core.connectGetNamespacedPodProxyWithPath({
        name: `${name}:${port}`,
        namespace,
        path: 'metrics',
      });
      samples.push(...parseExposition(String(text)));
    } catch {
      unreachable.push(`${namespace}/${name}:${port}`);
    }
  }
  return {
    source: 'kube-proxy',
    scaleSets: readings(samples, []),
    listeners: [],
    controller: [],
    unreachable,
  };
}
