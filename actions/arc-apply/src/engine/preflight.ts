import { FlywheelError } from '@gloriousflywheel/shared';
import type { AccessCheck, ClusterGateway } from '../kube/gateway';
import { ARC_GROUP, CONTROLLER_DEPLOYMENT, type KubeObject, VERSION_LABEL } from '../kube/types';
import type { Namespaces } from './fleet';
import { parseVersion, type SemVer } from './version';

export type UpdateStrategy = 'immediate' | 'eventual';

export interface ControllerInfo {
  deployment: string;
  versionText: string | undefined;
  version: SemVer | undefined;
  updateStrategy: UpdateStrategy;
}

interface DeploymentLike extends KubeObject {
  spec?: { template?: { spec?: { containers?: { name: string; image?: string; args?: string[] }[] } } };
}

/** Finds the ARC controller Deployment, its version and its `--update-strategy`. */
export async function discoverController(gw: ClusterGateway, ns: Namespaces): Promise<ControllerInfo> {
  const deployments = (await gw.listDeployments(ns.controller)) as DeploymentLike[];
  const args = (d: DeploymentLike) => d.spec?.template?.spec?.containers?.flatMap((c) => c.args ?? []) ?? [];
  const found =
    deployments.find((d) => d.metadata.name === CONTROLLER_DEPLOYMENT) ??
    deployments.find((d) => /gha-rs-controller/.test(d.metadata.name)) ??
    deployments.find((d) => args(d).some((a) => a.startsWith('--update-strategy')));
  if (!found) {
    throw new FlywheelError('NOT_FOUND', `no ARC controller Deployment in namespace ${ns.controller}`, {
      hint: 'Set controller-namespace to the namespace of the gha-runner-scale-set-controller release.',
    });
  }
  const image = found.spec?.template?.spec?.containers?.[0]?.image;
  const versionText = found.metadata.labels?.[VERSION_LABEL] ?? image?.split(':').pop();
  const strategyArg = args(found).find((a) => a.startsWith('--update-strategy'));
  const strategy = strategyArg?.split('=')[1]?.replace(/"/g, '');
  return {
    deployment: found.metadata.name,
    versionText,
    version: parseVersion(versionText),
    updateStrategy: strategy === 'eventual' ? 'eventual' : 'immediate',
  };
}

/** Every verb the run will use, so a missing permission fails before the first change. */
export function requiredAccess(ns: Namespaces, dryRun: boolean): AccessCheck[] {
  const r = ns.runners;
  const c = ns.controller;
  const read = (resource: string, namespace: string, group = ARC_GROUP): AccessCheck[] => [
    { verb: 'get', group, resource, namespace },
    { verb: 'list', group, resource, namespace },
  ];
  const checks: AccessCheck[] = [
    ...read('autoscalingrunnersets', r),
    ...read('ephemeralrunnersets', r),
    ...read('ephemeralrunners', r),
    { verb: 'list', group: ARC_GROUP, resource: 'autoscalinglisteners', namespace: c },
    { verb: 'list', group: 'apps', resource: 'deployments', namespace: c },
    { verb: 'get', group: '', resource: 'secrets', namespace: c },
    { verb: 'list', group: '', resource: 'pods', namespace: r },
    { verb: 'get', group: '', resource: 'configmaps', namespace: r },
  ];
  if (dryRun) return checks;
  return [
    ...checks,
    { verb: 'patch', group: ARC_GROUP, resource: 'autoscalingrunnersets', namespace: r },
    { verb: 'patch', group: ARC_GROUP, resource: 'ephemeralrunnersets', namespace: r },
    { verb: 'delete', group: ARC_GROUP, resource: 'ephemeralrunners', namespace: r },
    { verb: 'delete', group: '', resource: 'pods', namespace: r },
    { verb: 'create', group: '', resource: 'configmaps', namespace: r },
    { verb: 'update', group: '', resource: 'configmaps', namespace: r },
    { verb: 'delete', group: '', resource: 'configmaps', namespace: r },
  ];
}

export function describeCheck(c: AccessCheck): string {
  return `${c.verb} ${c.group ? `${c.resource}.${c.group}` : c.resource} in ${c.namespace}`;
}

export async function assertAccess(gw: ClusterGateway, checks: AccessCheck[]): Promise<void> {
  const results = await Promise.all(checks.map(async (c) => ({ c, ok: await gw.canI(c) })));
  const missing = results.filter((r) => !r.ok).map((r) => describeCheck(r.c));
  if (missing.length > 0) {
    throw new FlywheelError(
      'KUBE_FORBIDDEN',
      `missing permissions (nothing was changed):\n- ${missing.join('\n- ')}`,
      {
        hint: 'Grant these verbs to the service account the kubeconfig uses, then re-run.',
        details: { missing },
      },
    );
  }
}
