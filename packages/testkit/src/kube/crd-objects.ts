import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { referencePath } from '../reference';
import { cloneJson } from './clone';
import { resourceByKind } from './resources';
import type { KubeStore } from './store';
import type { KubeObject } from './types';
import { CRD_DIR } from './validation';

/**
 * Installs ARC's CRDs as objects, as `kubectl apply` of the chart's CRDs leaves them on a real
 * cluster once the API server has accepted them: `Established`, names accepted, every served
 * version that is the storage version in `status.storedVersions`. Clients (the doctor) read them
 * for their schema and stored versions. Nothing is installed when the reference material is
 * absent (crdValidationUnavailable says why), as on a cluster without ARC.
 */
export function installArcCrdObjects(store: KubeStore): string[] {
  const dir = referencePath(CRD_DIR);
  if (!dir) return [];
  const crds = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => parsedCrd(join(dir, file)));
  // On an empty store a replace creates each CRD with its storage version as the only stored one.
  return replaceArcCrdObjects(store, crds);
}

/**
 * Parsing the CRDs' YAML took half a second per simulated cluster (a replay starts one per scale
 * set); a file is parsed again only when it changed. The parsed objects are only read: the store
 * gets copies.
 */
const parsed = new Map<string, { stamp: string; crd: KubeObject }>();

function parsedCrd(path: string): KubeObject {
  const st = statSync(path);
  const stamp = `${st.mtimeMs}:${st.size}`;
  const hit = parsed.get(path);
  if (hit?.stamp === stamp) return hit.crd;
  const crd = YAML.parse(readFileSync(path, 'utf8')) as KubeObject;
  parsed.set(path, { stamp, crd });
  return crd;
}

type CrdObject = KubeObject & { spec: { versions: { name: string; storage?: boolean }[] } };

/**
 * Replaces ARC's CRDs with another release's, as `kubectl replace -f crds/` does on a real cluster:
 * each CRD's spec is the new one (schema, printer columns), its custom resources stay, and
 * `status.storedVersions` keeps every version ever stored and adds the new storage version (the API
 * server only ever appends to it; a migration must remove entries). CRDs missing are created.
 */
export function replaceArcCrdObjects(store: KubeStore, crds: KubeObject[]): string[] {
  const type = resourceByKind('CustomResourceDefinition');
  const names: string[] = [];
  for (const crd of crds as CrdObject[]) {
    const name = crd.metadata.name!;
    const current = store.list(type).find((o) => o.metadata.name === name);
    if (!current) {
      store.create(type, undefined, cloneJson(crd));
    } else {
      store.patch(type, undefined, name, 'json', [
        { op: 'replace', path: '/spec', value: cloneJson(crd.spec) },
      ]);
    }
    const was = ((current?.status as { storedVersions?: string[] } | undefined)?.storedVersions ??
      []) as string[];
    const storing = crd.spec.versions.filter((v) => v.storage).map((v) => v.name);
    store.patch(
      type,
      undefined,
      name,
      'merge',
      {
        status: {
          acceptedNames: (crd.spec as unknown as { names: unknown }).names,
          storedVersions: [...new Set([...was, ...storing])],
          conditions: [
            { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
            {
              type: 'Established',
              status: 'True',
              reason: 'InitialNamesAccepted',
              message: 'the initial names have been accepted',
            },
          ],
        },
      },
      'status',
    );
    names.push(name);
  }
  return names;
}
