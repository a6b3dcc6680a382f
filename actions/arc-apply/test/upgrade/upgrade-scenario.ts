import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referencePath } from '@gloriousflywheel/testkit';
import { CRD_DIR, type KubeObject } from '@gloriousflywheel/testkit/kube';
import { type StandinConfig, setControllerVersionVar } from '@gloriousflywheel/testkit/tofu';
import Ajv from 'ajv';
import YAML from 'yaml';
import schema from '../../schemas/upgrade-result.v1.schema.json' with { type: 'json' };
import { runDoctor } from '../../src/doctor/run';
import type { ApplyConfig } from '../../src/engine/config';
import type { EngineDeps } from '../../src/engine/deps';
import type { UpgradeConfig } from '../../src/upgrade/config';
import { type SetSpec, scenario } from '../scenario';

export const FROM = '0.13.1';
export const TO = '0.14.2';

/** The target chart's crds/ folder: ARC 0.14.2's CRDs from the reference material (absent: undefined). */
export const TARGET_CRDS = referencePath(CRD_DIR);

/**
 * ARC's CRDs as an older chart had them, installed over the cluster's: 0.14 added the
 * `ResourceMeta` properties (metadata for the listener, its secret and role binding, the runners;
 * `git diff gha-runner-scale-set-0.13.1 gha-runner-scale-set-0.14.2 -- charts/…/crds`), so dropping
 * them from 0.14.2's schemas gives a schema the upgrade must replace.
 */
export function olderCrds(): KubeObject[] {
  const dir = TARGET_CRDS!;
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const d = (v as { description?: string } | null)?.description;
      if (typeof d === 'string' && d.startsWith('ResourceMeta carries metadata')) continue;
      out[k] = strip(v);
    }
    return out;
  };
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => strip(YAML.parse(readFileSync(join(dir, f), 'utf8'))) as KubeObject);
}

/**
 * A 0.13.1 cluster with scale sets, its tofu stand-in managing the controller's release beside the
 * sets (`arc_controller_version` raised to 0.14.2 in the var files, as the operator's PR does) and
 * the upgrade's configuration over the scenario's apply configuration.
 */
export async function upgradeScenario(
  sets: SetSpec[],
  opts: { standin?: StandinConfig; oldCrds?: boolean; ages?: boolean } = {},
) {
  const s = await scenario(sets, {
    ...(opts.ages ? { ages: true } : {}),
    cluster: { version: '0.13', patch: 1 },
    standin: { ...(TARGET_CRDS ? { crdsDir: TARGET_CRDS } : {}), ...opts.standin },
  });
  setControllerVersionVar(s.workdir, TO);
  if (opts.oldCrds) {
    for (const crd of olderCrds()) {
      const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`;
      const current = (await (
        await fetch(`${s.cluster.url}${path}`, { headers: auth(s.cluster.token) })
      ).json()) as KubeObject;
      const body = {
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion },
      };
      const res = await fetch(`${s.cluster.url}${path}`, {
        method: 'PUT',
        headers: { ...auth(s.cluster.token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`installing the older CRD ${crd.metadata.name}: HTTP ${res.status}`);
    }
  }
  const wall = s.onWallClock ? WALL_CLOCK : undefined;
  const deps: EngineDeps = wall ? { ...s.deps, pollMs: wall.pollMs } : s.deps;
  const upgradeConfig = (over: Partial<UpgradeConfig> = {}, runId = 'upgrade-1'): UpgradeConfig => ({
    ...upgradeSettings({ ...s.config({ runId }), drainTimeoutMs: 1_800_000, ...wall?.proof }, s.workdir, {
      removalTimeoutMs: 600_000,
      controllerTimeoutMs: 900_000,
      stuckAfterMs: (wall ?? SIMULATED).stuckAfterMs,
    }),
    ...over,
  });
  return { ...s, deps, upgradeConfig, runners: s.ns.runners, times: wall ?? SIMULATED };
}

/**
 * mode: upgrade's configuration over an apply configuration: the controller version variable in
 * the tofu workdir's var file, the target CRDs, no downgrade, and the given waits.
 */
export function upgradeSettings(
  apply: ApplyConfig,
  workdir: string,
  waits: Pick<UpgradeConfig, 'removalTimeoutMs' | 'controllerTimeoutMs' | 'stuckAfterMs'>,
): UpgradeConfig {
  return {
    apply,
    version: { variable: 'arc_controller_version', workingDirectory: workdir, varFiles: ['runners.tfvars'] },
    allowDowngrade: false,
    crdsDir: TARGET_CRDS,
    ...waits,
  };
}

/**
 * The waits a test sets, on the simulated clock and on the wall clock (a real API server stamps
 * deletion and creation times with it, so a scenario that reads ages runs in real time there, with
 * every wait shrunk to seconds).
 */
const SIMULATED = {
  /** The removal waits the stuck-removal tests give, long and short. */
  removalMs: 300_000,
  shortRemovalMs: 120_000,
  /** The upgrade's own stuck-after, and the one the operator's doctor run uses. */
  stuckAfterMs: 300_000,
  fixStuckAfterMs: 60_000,
};
const WALL_CLOCK = {
  ...{ removalMs: 6_000, shortRemovalMs: 4_000, stuckAfterMs: 2_000, fixStuckAfterMs: 1_000 },
  pollMs: 250,
  proof: { graceMs: 3_000, stableForMs: 1_000, proveTimeoutMs: 60_000 },
};

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A private copy of the target CRDs with one file changed, for a CRD the target drops. */
export function crdsDirWith(edit: (crd: KubeObject) => KubeObject): string {
  const dir = mkdtempSync(join(tmpdir(), 'upgrade-crds-'));
  for (const f of readdirSync(TARGET_CRDS!).filter((x) => x.endsWith('.yaml'))) {
    const crd = YAML.parse(readFileSync(join(TARGET_CRDS!, f), 'utf8')) as KubeObject;
    writeFileSync(join(dir, f), YAML.stringify(edit(crd)));
  }
  return dir;
}

const validate = new Ajv({ strict: true, validateFormats: false }).compile(schema);

/** The schema's verdict on a result (its errors, or undefined when it is valid). */
export function upgradeResultErrors(result: unknown): string | undefined {
  // As the result file holds it: JSON, so undefined fields are absent.
  return validate(JSON.parse(JSON.stringify(result))) ? undefined : JSON.stringify(validate.errors);
}

/** What an UPGRADE_STUCK error tells the operator: the doctor with fix: true (it releases stuck runners). */
export async function doctorFix(
  deps: EngineDeps,
  times: { fixStuckAfterMs: number } = SIMULATED,
): Promise<void> {
  await runDoctor(deps, {
    settings: {
      graceMs: times.fixStuckAfterMs,
      stuckAfterMs: times.fixStuckAfterMs,
      idleAfterMs: 3_600_000,
      podAgeMs: 3_600_000,
    },
    targets: undefined,
    prometheus: undefined,
    fix: true,
    dryRun: false,
    by: 'operator',
  });
}
