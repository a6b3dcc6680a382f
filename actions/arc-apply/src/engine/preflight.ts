import { FlywheelError } from '@gloriousflywheel/shared';
import type { AccessCheck, ClusterGateway } from '../kube/gateway';
import { ARC_GROUP, CONTROLLER_DEPLOYMENT, type KubeObject, VERSION_LABEL } from '../kube/types';
import type { EngineDeps } from './deps';
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
  const found = controllerAmong(await gw.listDeployments(ns.controller));
  if (!found) {
    throw new FlywheelError('NOT_FOUND', `no ARC controller Deployment in namespace ${ns.controller}`, {
      hint: 'Set controller-namespace to the namespace of the gha-runner-scale-set-controller release.',
    });
  }
  return found;
}

/** The controller among the Deployments of its namespace: by the chart's name, else by its flags. */
export function controllerAmong(list: KubeObject[]): (ControllerInfo & { object: KubeObject }) | undefined {
  const deployments = list as DeploymentLike[];
  const args = (d: DeploymentLike) => d.spec?.template?.spec?.containers?.flatMap((c) => c.args ?? []) ?? [];
  const found =
    deployments.find((d) => d.metadata.name === CONTROLLER_DEPLOYMENT) ??
    deployments.find((d) => /gha-rs-controller/.test(d.metadata.name)) ??
    deployments.find((d) => args(d).some((a) => a.startsWith('--update-strategy')));
  if (!found) return undefined;
  const image = found.spec?.template?.spec?.containers?.[0]?.image;
  const versionText = found.metadata.labels?.[VERSION_LABEL] ?? image?.split(':').pop();
  const strategyArg = args(found).find((a) => a.startsWith('--update-strategy'));
  const strategy = strategyArg?.split('=')[1]?.replace(/"/g, '');
  return {
    object: found,
    deployment: found.metadata.name,
    versionText,
    version: parseVersion(versionText),
    updateStrategy: strategy === 'eventual' ? 'eventual' : 'immediate',
  };
}

/**
 * What a run does to the cluster, for the verbs it needs: `read` (a dry run, drift, audit), the
 * apply pipeline, a pause or a resume, a restore from a snapshot, the warm pool, the doctor.
 */
export type AccessPurpose =
  | 'read'
  | 'apply'
  | 'pause'
  | 'resume'
  | 'restore'
  | 'warm-pool'
  | 'doctor'
  | 'upgrade';

/** Every verb a run for `purpose` will use, so a missing permission fails before the first change. */
export function requiredAccess(ns: Namespaces, purpose: AccessPurpose): AccessCheck[] {
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
  const patchSets: AccessCheck = {
    verb: 'patch',
    group: ARC_GROUP,
    resource: 'autoscalingrunnersets',
    namespace: r,
  };
  // Under the eventual strategy a freeze scales the runner sets to 0 itself (#4432).
  const patchRunnerSets: AccessCheck = {
    verb: 'patch',
    group: ARC_GROUP,
    resource: 'ephemeralrunnersets',
    namespace: r,
  };
  const configMaps = (...verbs: string[]): AccessCheck[] =>
    verbs.map((verb) => ({ verb, group: '', resource: 'configmaps', namespace: r }));
  const writes: Record<AccessPurpose, AccessCheck[]> = {
    read: [],
    apply: [
      patchSets,
      patchRunnerSets,
      { verb: 'delete', group: ARC_GROUP, resource: 'ephemeralrunners', namespace: r },
      { verb: 'delete', group: '', resource: 'pods', namespace: r },
      ...configMaps('create', 'update', 'delete'),
    ],
    // The pause record is written (created or replaced); a pause never deletes anything.
    pause: [patchSets, patchRunnerSets, ...configMaps('create', 'update')],
    // The record is rewritten without the resumed sets, or deleted once none is left.
    resume: [patchSets, ...configMaps('create', 'update', 'delete')],
    restore: [patchSets, ...configMaps('delete')],
    'warm-pool': [patchSets],
    // The doctor reads more than the others (the controller namespace's pods); its repairs are
    // checked per planned repair (doctor/repair.ts), so a read-only pass needs no write verb.
    doctor: [
      { verb: 'list', group: '', resource: 'pods', namespace: c },
      { verb: 'list', group: '', resource: 'configmaps', namespace: r },
    ],
    // tofu runs with the same kubeconfig: it deletes and recreates the scale sets and the
    // controller's release (Helm keeps releases as Secrets in the release's namespace), and the
    // pipeline itself replaces the CRDs (cluster-scoped) and reads the controller's pods.
    upgrade: [
      patchSets,
      patchRunnerSets,
      { verb: 'delete', group: ARC_GROUP, resource: 'ephemeralrunners', namespace: r },
      { verb: 'delete', group: '', resource: 'pods', namespace: r },
      ...configMaps('create', 'update', 'delete'),
      ...['create', 'delete'].map((verb) => ({
        verb,
        group: ARC_GROUP,
        resource: 'autoscalingrunnersets',
        namespace: r,
      })),
      ...['get', 'create', 'patch', 'delete'].map((verb) => ({
        verb,
        group: 'apps',
        resource: 'deployments',
        namespace: c,
      })),
      ...['list', 'create', 'delete'].flatMap((verb) =>
        [r, c].map((namespace) => ({ verb, group: '', resource: 'secrets', namespace })),
      ),
      { verb: 'list', group: '', resource: 'pods', namespace: c },
      ...['get', 'create', 'update'].map((verb) => ({
        verb,
        group: 'apiextensions.k8s.io',
        resource: 'customresourcedefinitions',
        namespace: '',
      })),
    ],
  };
  return [...checks, ...writes[purpose]];
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

/** The controller as a report shows it. */
export interface ReportedController {
  deployment: string;
  version?: string;
  updateStrategy: string;
}

/**
 * The preflight of every run that changes sets: finds the controller (its version and update
 * strategy) and checks every verb `purpose` needs before the first change.
 */
export async function preflightFor(
  deps: EngineDeps,
  purpose: AccessPurpose,
): Promise<{ controller: ControllerInfo; reported: ReportedController }> {
  const controller = await discoverController(deps.gw, deps.ns);
  deps.log.info(
    `ARC controller ${controller.deployment} ${controller.versionText ?? '(version unknown)'}, update strategy ${controller.updateStrategy}`,
  );
  if (!controller.version)
    deps.log.warning(
      'the controller version is not semver (dev/canary/master?): the version-label guard rejects every ARS change',
    );
  await assertAccess(deps.gw, requiredAccess(deps.ns, purpose));
  return {
    controller,
    reported: {
      deployment: controller.deployment,
      ...(controller.versionText ? { version: controller.versionText } : {}),
      updateStrategy: controller.updateStrategy,
    },
  };
}
