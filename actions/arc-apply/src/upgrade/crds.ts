import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { parseAllDocuments } from 'yaml';
import type { ClusterGateway } from '../kube/gateway';
import { ARC_GROUP, type KubeObject } from '../kube/types';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: unknown;
}
type Crd = KubeObject<
  { group?: string; names?: unknown; versions?: CrdVersion[] },
  { storedVersions?: string[] }
>;

/** One of the target chart's CRDs, and what installing it would do. */
export interface CrdChange {
  name: string;
  action: 'create' | 'replace' | 'unchanged';
  /** Versions the installed CRD has stored objects in (status.storedVersions). */
  storedVersions: string[];
}

/**
 * The CRDs of the target chart (`crds-dir`: the controller chart's `crds/` folder, e.g. after
 * `helm pull <the chart your stack installs> --version X --untar`). Only actions.github.com CRDs
 * are accepted: this step must not touch others.
 */
export async function readCrdsDir(dir: string): Promise<Crd[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new FlywheelError('INPUT_INVALID', `crds-dir ${dir} cannot be read`, {
      hint: "Point crds-dir at the target controller chart's crds/ folder (helm pull … --untar).",
    });
  }
  const crds: Crd[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as Crd | null;
      if (!crd) continue;
      if (crd.kind !== 'CustomResourceDefinition' || crd.spec?.group !== ARC_GROUP) {
        throw new FlywheelError('INPUT_INVALID', `${file} is not an ${ARC_GROUP} CustomResourceDefinition`, {
          hint: "crds-dir holds only ARC's CRDs (the controller chart's crds/ folder).",
        });
      }
      crds.push(crd);
    }
  }
  if (crds.length === 0) {
    throw new FlywheelError('INPUT_INVALID', `crds-dir ${dir} holds no CRD`, {
      hint: "Point crds-dir at the target controller chart's crds/ folder.",
    });
  }
  return crds;
}

/** What the API server compares for a CRD's meaning: names and each version's schema and flags. */
function meaning(crd: Crd): string {
  const versions = (crd.spec?.versions ?? []).map((v) => ({
    name: v.name,
    served: v.served,
    storage: v.storage,
    schema: v.schema,
  }));
  return JSON.stringify({ names: crd.spec?.names, versions });
}

/**
 * What installing the target CRDs would do, and the refusal the API server would give: every
 * version in an installed CRD's `status.storedVersions` must stay in `spec.versions`, or the
 * replace is rejected (Kubernetes docs, "Versions in CustomResourceDefinitions › Upgrade existing
 * objects to a new stored version").
 */
export async function planCrds(gw: ClusterGateway, target: Crd[]): Promise<CrdChange[]> {
  const changes: CrdChange[] = [];
  const lost: string[] = [];
  for (const crd of target) {
    const installed = (await gw.getCrd(crd.metadata.name)) as Crd | undefined;
    const storedVersions = installed?.status?.storedVersions ?? [];
    const kept = new Set((crd.spec?.versions ?? []).map((v) => v.name));
    for (const v of storedVersions) if (!kept.has(v)) lost.push(`${crd.metadata.name} (${v})`);
    changes.push({
      name: crd.metadata.name,
      action: !installed ? 'create' : meaning(installed) === meaning(crd) ? 'unchanged' : 'replace',
      storedVersions,
    });
  }
  if (lost.length > 0) {
    throw new FlywheelError(
      'UPGRADE_REFUSED',
      `the target CRDs drop versions that objects are stored in: ${lost.join(', ')}`,
      {
        hint: 'Migrate the stored objects and trim status.storedVersions first (Kubernetes docs: CRD versioning).',
      },
    );
  }
  return changes;
}

/** Creates or replaces the CRDs that differ; returns the names written. */
export async function installCrds(gw: ClusterGateway, target: Crd[], plan: CrdChange[]): Promise<string[]> {
  const written: string[] = [];
  for (const crd of target) {
    if (plan.find((c) => c.name === crd.metadata.name)?.action === 'unchanged') continue;
    // Only what the chart ships: no status, no server-set metadata.
    const { status: _status, ...body } = crd;
    await gw.putCrd(body as KubeObject);
    written.push(crd.metadata.name);
  }
  return written;
}
