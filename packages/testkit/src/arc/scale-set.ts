import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube/index';
import { ANNOTATION, LABEL } from './constants';

export interface ScaleSetOptions {
  name: string;
  namespace?: string;
  minRunners?: number;
  maxRunners?: number;
  /** runnerScaleSetLabels. */
  labels?: string[];
  /** The `app.kubernetes.io/version` label: default the controller's version; `null` leaves it out. */
  versionLabel?: string | null;
  githubConfigUrl?: string;
  runnerGroup?: string;
  /** The runner container's resources (a ResourceRequirements). */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  image?: string;
}

/**
 * An AutoscalingRunnerSet as the gha-runner-scale-set chart renders it (labels, values-hash, the
 * runner container named `runner`), plus its GitHub config secret.
 */
export function scaleSetObject(o: ScaleSetOptions & { namespace: string }, controllerVersion: string) {
  const version = o.versionLabel === undefined ? controllerVersion : o.versionLabel;
  const values = {
    githubConfigUrl: o.githubConfigUrl ?? 'https://github.com/tinyland',
    runnerGroup: o.runnerGroup ?? 'default',
    minRunners: o.minRunners,
    maxRunners: o.maxRunners,
    labels: o.labels,
    resources: o.resources,
  };
  const valuesHash = createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 63);
  const secretName = `${o.name}-gha-rs-github-secret`;
  const ars: KubeObject = {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: {
      name: o.name,
      labels: {
        [LABEL.name]: o.name,
        [LABEL.instance]: o.name,
        ...(version !== null ? { [LABEL.version]: version } : {}),
        [LABEL.managedBy]: 'Helm',
        [LABEL.partOf]: 'gha-rs',
        [LABEL.component]: 'autoscaling-runner-set',
        'helm.sh/chart': `gha-rs-${controllerVersion}`,
        [LABEL.scaleSetName]: o.name,
        [LABEL.scaleSetNamespace]: o.namespace,
      },
      annotations: { [ANNOTATION.valuesHash]: valuesHash },
    },
    spec: {
      githubConfigUrl: values.githubConfigUrl,
      githubConfigSecret: secretName,
      runnerGroup: values.runnerGroup,
      runnerScaleSetName: o.name,
      ...(o.labels ? { runnerScaleSetLabels: o.labels } : {}),
      ...(o.minRunners !== undefined ? { minRunners: o.minRunners } : {}),
      ...(o.maxRunners !== undefined ? { maxRunners: o.maxRunners } : {}),
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'runner',
              image: o.image ?? 'ghcr.io/actions/actions-runner:latest',
              command: ['/home/runner/run.sh'],
              ...(o.resources ? { resources: o.resources } : {}),
            },
          ],
        },
      },
    },
  };
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName },
    data: { github_token: Buffer.from('simulated-token').toString('base64') },
  };
  return { ars, secret };
}
