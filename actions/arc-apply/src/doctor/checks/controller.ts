import { atLeast } from '../../engine/version';
import type { KubeObject } from '../../kube/types';
import { type Check, type Finding, ref } from '../finding';
import { ARC_CRDS, type DoctorView } from '../view';

interface DeploymentStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  updatedReplicas?: number;
  observedGeneration?: number;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

/** The controller Deployment exists, has every replica available and has rolled out its spec. */
export const controllerAvailable: Check<DoctorView> = {
  id: 'controller-available',
  title: 'The ARC controller is available',
  run: (view): Finding[] => {
    const c = view.controller;
    if (!c)
      return [
        {
          check: 'controller-available',
          severity: 'critical',
          objects: [{ kind: 'Deployment', namespace: view.ns.controller, name: '(none)' }],
          evidence: `no ARC controller Deployment in ${view.ns.controller}: nothing reconciles the scale sets`,
          fix: 'Set controller-namespace to the namespace of the gha-runner-scale-set-controller release, or install it.',
        },
      ];
    const d = c.object as KubeObject & { spec?: { replicas?: number }; status?: DeploymentStatus };
    const wanted = d.spec?.replicas ?? 1;
    const st = d.status ?? {};
    const available = st.availableReplicas ?? 0;
    const cond = st.conditions?.find((x) => x.type === 'Available');
    const rolled =
      (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
      (st.updatedReplicas ?? wanted) >= wanted;
    if (wanted === 0)
      return [
        {
          check: 'controller-available',
          severity: 'critical',
          objects: [ref('Deployment', d)],
          evidence: 'scaled to 0 replicas: nothing reconciles the scale sets',
          fix: 'Scale the controller Deployment back to 1.',
        },
      ];
    if (available >= wanted && cond?.status !== 'False' && rolled) return [];
    const why =
      cond?.status === 'False'
        ? ` (${cond.reason ?? 'Available=False'}${cond.message ? `: ${cond.message}` : ''})`
        : '';
    return [
      {
        check: 'controller-available',
        severity: available === 0 ? 'critical' : 'high',
        objects: [ref('Deployment', d)],
        evidence: `${available}/${wanted} replica(s) available${why}${rolled ? '' : '; its latest spec is not rolled out yet'}`,
        fix: "Read the controller pod's events and log (kubectl describe/logs -n <controller-namespace> deploy/<name>).",
      },
    ];
  },
};

/** The status fields each controller version writes; a CRD without them silently drops them. */
const FIELDS_BY_VERSION: { since: [number, number]; crd: string; path: string[] }[] = [
  { since: [0, 13], crd: 'ephemeralrunners', path: ['status', 'jobId'] },
  { since: [0, 14], crd: 'autoscalingrunnersets', path: ['status', 'phase'] },
  { since: [0, 14], crd: 'ephemeralrunnersets', path: ['status', 'phase'] },
];

function hasField(crd: KubeObject, path: string[]): boolean {
  const versions =
    (crd.spec as { versions?: { name: string; schema?: { openAPIV3Schema?: unknown } }[] })?.versions ?? [];
  const v1 = versions.find((v) => v.name === 'v1alpha1');
  let node = v1?.schema?.openAPIV3Schema as { properties?: Record<string, unknown> } | undefined;
  for (const key of path) node = node?.properties?.[key] as typeof node;
  return node !== undefined;
}

/**
 * The installed CRDs against the controller: present, stored only at versions they still serve,
 * and new enough for what this controller writes. Helm never upgrades CRDs (arc-facts §7), so a
 * controller upgraded without replacing them writes status fields the API server prunes.
 */
export const crdVersions: Check<DoctorView> = {
  id: 'crd-versions',
  title: "The installed ARC CRDs match the controller's version",
  run: (view) => {
    if ('unreadable' in view.crds) return { skip: view.crds.unreadable };
    const crds = view.crds.crds;
    const findings: Finding[] = [];
    const obj = (name: string) => ({ kind: 'CustomResourceDefinition', name });
    for (const name of ARC_CRDS) {
      const crd = crds.get(name);
      if (!crd) {
        findings.push({
          check: 'crd-versions',
          severity: 'critical',
          objects: [obj(name)],
          evidence: 'not installed',
          fix: "Install the CRDs of the controller's chart version (kubectl apply --server-side -f the chart's crds/).",
        });
        continue;
      }
      const served = ((crd.spec as { versions?: { name: string; served?: boolean }[] }).versions ?? [])
        .filter((v) => v.served)
        .map((v) => v.name);
      const stored = (crd.status as { storedVersions?: string[] } | undefined)?.storedVersions ?? [];
      const unserved = stored.filter((v) => !served.includes(v));
      if (unserved.length)
        findings.push({
          check: 'crd-versions',
          severity: 'high',
          objects: [obj(name)],
          evidence: `status.storedVersions ${stored.join(', ')} includes ${unserved.join(', ')}, which the CRD no longer serves`,
          fix: 'Migrate the stored objects and trim status.storedVersions before the next CRD upgrade.',
        });
    }
    const version = view.controller?.version;
    if (version)
      for (const need of FIELDS_BY_VERSION) {
        const name = `${need.crd}.actions.github.com`;
        const crd = crds.get(name);
        if (!crd || !atLeast(version, ...need.since) || hasField(crd, need.path)) continue;
        findings.push({
          check: 'crd-versions',
          severity: 'critical',
          objects: [obj(name)],
          evidence: `controller ${view.controller?.versionText} writes .${need.path.join('.')} (since ${need.since.join('.')}), which this CRD does not have: the CRDs are older than the controller`,
          fix: "Replace the ARC CRDs with the controller's chart version (Helm does not upgrade CRDs); see the upgrade procedure.",
        });
      }
    return findings;
  },
};
