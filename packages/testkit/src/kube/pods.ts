import { type Cause, statusErrors } from './status';
import { randomSuffix } from './time';
import type { KubeObject, ResourceType } from './types';

/**
 * What the API server does to a pod on its way in, as a real 1.34 server was seen doing it:
 * the scheme's defaults, the QoS class, the ServiceAccount admission plugin (the account must
 * exist unless it is `default`; the token volume is mounted) and the pod validation the fake's
 * users can trip over (containers, their names and images).
 */

interface Container {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; readOnly?: boolean; mountPath: string }[];
  [key: string]: unknown;
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { name: string; [key: string]: unknown }[];
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  [key: string]: unknown;
}

function specOf(pod: KubeObject): PodSpec {
  pod.spec = pod.spec ?? {};
  return pod.spec as PodSpec;
}

/** `Always` for an image without a tag or tagged `latest`, else `IfNotPresent` (digests count as tags). */
function pullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? image;
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function containerDefaults(c: Container): void {
  c.resources = c.resources ?? {};
  // Requests default to the limits when only limits are given.
  if (c.resources.limits && !c.resources.requests) c.resources.requests = { ...c.resources.limits };
  c.terminationMessagePath = c.terminationMessagePath ?? '/dev/termination-log';
  c.terminationMessagePolicy = c.terminationMessagePolicy ?? 'File';
  c.imagePullPolicy = c.imagePullPolicy ?? pullPolicy(c.image);
}

/** Guaranteed: every container limits cpu and memory with requests equal; BestEffort: nothing set. */
export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const set = all.some(
    (c) =>
      Object.keys(c.resources?.requests ?? {}).length > 0 ||
      Object.keys(c.resources?.limits ?? {}).length > 0,
  );
  if (!set) return 'BestEffort';
  const guaranteed = all.every((c) =>
    ['cpu', 'memory'].every((r) => {
      const limit = c.resources?.limits?.[r];
      return limit !== undefined && (c.resources?.requests?.[r] ?? limit) === limit;
    }),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The scheme's defaults for a new pod (spec and containers) and its QoS class. */
export function podDefaults(pod: KubeObject): void {
  const spec = specOf(pod);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) containerDefaults(c);
  spec['restartPolicy'] = spec['restartPolicy'] ?? 'Always';
  spec['terminationGracePeriodSeconds'] = spec['terminationGracePeriodSeconds'] ?? 30;
  spec['dnsPolicy'] = spec['dnsPolicy'] ?? 'ClusterFirst';
  spec['securityContext'] = spec['securityContext'] ?? {};
  spec['schedulerName'] = spec['schedulerName'] ?? 'default-scheduler';
  // The DefaultTolerationSeconds admission plugin: five minutes on a node going away.
  const tolerations = (spec['tolerations'] as { key?: string }[] | undefined) ?? [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key))
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 } as never);
  }
  spec['tolerations'] = tolerations;
  spec['priority'] = spec['priority'] ?? 0;
  spec['enableServiceLinks'] = spec['enableServiceLinks'] ?? true;
  spec['preemptionPolicy'] = spec['preemptionPolicy'] ?? 'PreemptLowerPriority';
  pod.status = { ...(pod.status ?? {}), qosClass: qosClass(spec) };
}

/**
 * The ServiceAccount admission plugin: `default` unless named; a named account must exist (403
 * otherwise; `default` is assumed even before its controller made it); the API token, the
 * cluster CA and the namespace are mounted as the `kube-api-access-*` projected volume.
 */
export function admitServiceAccount(
  type: ResourceType,
  pod: KubeObject,
  accountExists: (name: string) => boolean,
  random: () => number,
): void {
  const spec = specOf(pod);
  const account = spec.serviceAccountName || spec.serviceAccount || 'default';
  if (account !== 'default' && !accountExists(account)) {
    throw statusErrors.admissionForbidden(
      type,
      pod.metadata.name!,
      `error looking up service account ${pod.metadata.namespace}/${account}: serviceaccount "${account}" not found`,
    );
  }
  spec.serviceAccountName = account;
  spec.serviceAccount = account;
  if (spec.automountServiceAccountToken === false) return;
  const volume = `kube-api-access-${randomSuffix(random)}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name: volume,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          {
            downwardAPI: {
              items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
            },
          },
        ],
        defaultMode: 420,
      },
    },
  ];
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    c.volumeMounts = [
      ...(c.volumeMounts ?? []),
      { name: volume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ];
  }
}

/** The parts of pod validation a client of the fake can trip over. */
export function validatePod(pod: KubeObject): Cause[] {
  const spec = (pod.spec ?? {}) as PodSpec;
  const causes: Cause[] = [];
  const containers = spec.containers ?? [];
  if (containers.length === 0) {
    causes.push({ field: 'spec.containers', message: 'Required value', reason: 'FieldValueRequired' });
  }
  containers.forEach((c, i) => {
    if (!c.name) {
      causes.push({
        field: `spec.containers[${i}].name`,
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    }
    if (!c.image) {
      causes.push({
        field: `spec.containers[${i}].image`,
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    }
  });
  return causes;
}
