import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives at packages/testkit/src/reference.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The shared reference material lives beside the checkout (`../shared/reference`) and is never
 * copied into the project. FLYWHEEL_REFERENCE_DIR overrides the location.
 */
export function referenceDir(): string {
  return process.env['FLYWHEEL_REFERENCE_DIR'] ?? join(repoRoot, '..', 'shared', 'reference');
}

/** The path of a reference file, or undefined when the reference material is absent. */
export function referencePath(...parts: string[]): string | undefined {
  const path = join(referenceDir(), ...parts);
  return existsSync(path) ? path : undefined;
}

/** Why a reference-backed check is skipped, for `it.skipIf(...)` messages and logs. */
export function referenceMissingReason(...parts: string[]): string {
  return `reference material ${join(referenceDir(), ...parts)} is absent: this check is skipped`;
}
