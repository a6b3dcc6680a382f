import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { referencePath } from '../reference';
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
  const type = resourceByKind('CustomResourceDefinition');
  const names: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const crd = YAML.parse(readFileSync(join(dir, file), 'utf8')) as KubeObject & {
      spec: { names: Record<string, unknown>; versions: { name: string; storage?: boolean }[] };
    };
    const created = store.create(type, undefined, crd);
    const name = created.metadata.name!;
    store.patch(
      type,
      undefined,
      name,
      'merge',
      {
        status: {
          acceptedNames: crd.spec.names,
          storedVersions: crd.spec.versions.filter((v) => v.storage).map((v) => v.name),
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
