import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { parseHcl } from '../engine/hcl';
import { parseVersion, type SemVer } from '../engine/version';

export interface VersionSource {
  /** The `controller-version` input: wins over the var files. */
  explicit?: string | undefined;
  /** The tfvars variable that pins the controller chart (the platform's `arc_controller_version`). */
  variable: string;
  workingDirectory: string;
  varFiles: string[];
}

/** The version the var files (later files win, as with `-var-file`) or the input ask for. */
export async function targetVersion(source: VersionSource): Promise<string> {
  if (source.explicit) return checked(source.explicit, 'controller-version');
  let found: string | undefined;
  for (const file of source.varFiles) {
    const path = resolve(source.workingDirectory, file);
    const doc = await parseHcl(path, await readFile(path, 'utf8'));
    const value = doc[source.variable];
    if (typeof value === 'string') found = value;
  }
  if (!found) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `no target controller version: the var files set no string variable ${source.variable}`,
      { hint: 'Set controller-version, or controller-version-variable to the variable that pins the chart.' },
    );
  }
  return checked(found, source.variable);
}

function checked(text: string, where: string): string {
  if (!parseVersion(text)) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `${where} is ${JSON.stringify(text)}: not a version like 0.14.2`,
      {
        hint: 'An upgrade goes to a released chart version (major.minor.patch).',
      },
    );
  }
  return text.replace(/^v/, '');
}

export function compare(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * What may be upgraded: any released version to a newer one. A downgrade only when allowed (the
 * CRDs stay at the newer schema, which an older controller may not read). More than one minor at
 * once is allowed but warned about: every intermediate minor's release notes apply.
 */
export function checkDirection(
  from: string | undefined,
  to: string,
  allowDowngrade: boolean,
): { warning?: string } {
  const a = parseVersion(from);
  const b = parseVersion(to)!;
  if (!a) {
    throw new FlywheelError(
      'UPGRADE_REFUSED',
      `the installed controller's version is ${from ?? 'unknown'}: not a release this pipeline can upgrade from`,
      {
        hint: 'Label the controller Deployment app.kubernetes.io/version, or reinstall it at a release first.',
      },
    );
  }
  if (compare(b, a) < 0 && !allowDowngrade) {
    throw new FlywheelError(
      'UPGRADE_REFUSED',
      `${to} is older than the installed controller ${from}: a downgrade`,
      {
        hint: 'Set allow-downgrade: true if this is intended.',
      },
    );
  }
  if (b.major !== a.major || Math.abs(b.minor - a.minor) > 1) {
    return { warning: `${from} → ${to} crosses more than one minor version: read each release's notes` };
  }
  return {};
}
