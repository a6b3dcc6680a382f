import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { referenceMissingReason, referencePath } from '../reference';
import type { KubeObject } from './types';
import { CRD_DIR } from './validation';

/** The ARC releases whose CRDs the testkit can install. */
export type ArcCrdRelease = '0.13.1' | '0.14.2';

/** ARC's four CRD files, as the controller chart ships them (charts/gha-runner-scale-set-controller/crds/). */
export const ARC_CRD_FILES = [
  'actions.github.com_autoscalinglisteners.yaml',
  'actions.github.com_autoscalingrunnersets.yaml',
  'actions.github.com_ephemeralrunners.yaml',
  'actions.github.com_ephemeralrunnersets.yaml',
] as const;

/**
 * A local clone of actions/actions-runner-controller (a bare git directory), where releases other
 * than the reference's 0.14.2 are read from by tag. FLYWHEEL_ARC_MIRROR overrides the location.
 */
export function arcMirror(): string {
  return process.env['FLYWHEEL_ARC_MIRROR'] ?? '/work/.mirror/actions+actions-runner-controller/repo';
}

export type ArcCrds = { crds: KubeObject[] } | { missing: string };

/**
 * ARC's four CRDs of a release: 0.14.2 from the shared reference material, 0.13.1 from the ARC
 * mirror at tag gha-runner-scale-set-0.13.1 (the chart's crds/ folder; identical to
 * config/crd/bases/ there). Nothing is copied into the project; when the source is absent the
 * answer says why, so a test can skip as it does for other reference material.
 */
export function arcCrds(release: ArcCrdRelease): ArcCrds {
  if (release === '0.14.2') {
    const dir = referencePath(CRD_DIR);
    if (!dir) return { missing: referenceMissingReason(CRD_DIR) };
    const files = readdirSync(dir).filter((f) => (ARC_CRD_FILES as readonly string[]).includes(f));
    return { crds: files.sort().map((f) => YAML.parse(readFileSync(join(dir, f), 'utf8')) as KubeObject) };
  }
  const mirror = arcMirror();
  if (!existsSync(mirror)) {
    return { missing: `the ARC mirror ${mirror} is absent (FLYWHEEL_ARC_MIRROR): this check is skipped` };
  }
  const tag = `gha-runner-scale-set-${release}`;
  try {
    return {
      crds: ARC_CRD_FILES.map(
        (f) =>
          YAML.parse(
            execFileSync(
              'git',
              ['--git-dir', mirror, 'show', `${tag}:charts/gha-runner-scale-set-controller/crds/${f}`],
              { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
            ),
          ) as KubeObject,
      ),
    };
  } catch (error) {
    return { missing: `cannot read ${tag} CRDs from the ARC mirror ${mirror}: ${(error as Error).message}` };
  }
}
