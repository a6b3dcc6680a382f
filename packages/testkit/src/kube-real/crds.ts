import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import YAML from 'yaml';
import { referenceMissingReason, referencePath } from '../reference';
import { waitUntil } from './wait';

/** The ARC release whose CRDs the test bed serves (the same files the fake validates against). */
export const ARC_CRD_DIR = 'arc-crds-0.14.2';

export type CrdLoad = { loaded: string[] } | { skipped: string };

/**
 * Creates ARC's real CRDs from the shared reference material (never copied into the repository)
 * and waits until each is Established. Absent reference material is reported, not faked.
 */
export async function loadArcCrds(admin: KubeConfig, deadlineMs = 120_000): Promise<CrdLoad> {
  const dir = referencePath(ARC_CRD_DIR);
  if (!dir) return { skipped: referenceMissingReason(ARC_CRD_DIR) };
  const api = admin.makeApiClient(ApiextensionsV1Api);
  const names: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const crd = YAML.parse(readFileSync(join(dir, file), 'utf8')) as V1CustomResourceDefinition;
    await api.createCustomResourceDefinition({ body: crd });
    names.push(crd.metadata!.name!);
  }
  for (const name of names) {
    await waitUntil(`CRD ${name} to be Established`, deadlineMs, async () => {
      const crd = await api.readCustomResourceDefinition({ name });
      return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
    });
  }
  return { loaded: names };
}
