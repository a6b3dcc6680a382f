import { FlywheelError } from '@gloriousflywheel/shared';
import type { ProofSettings } from './config';
import type { EngineDeps } from './deps';
import { type ControllerInfo, discoverController } from './preflight';
import { type ProofEntry, prove } from './prove';
import type { PlannedCaps } from './restore';
import { atLeast } from './version';

/** Whether the listeners of sets whose caps were put back came back, set by set. */
export interface RestoredProof {
  proven: boolean;
  sets: ProofEntry[];
}

/**
 * The settle-aware listener proof for sets whose caps were just put back (a rollback, a restore, a
 * resume), on its own deadline. Every set is judged to the end, so the result names each set whose
 * listener did not come back rather than only the first.
 */
export async function proveRestored(
  deps: EngineDeps,
  restored: readonly PlannedCaps[],
  settings: ProofSettings,
  controller?: Pick<ControllerInfo, 'version'>,
): Promise<RestoredProof> {
  if (restored.length === 0) return { proven: true, sets: [] };
  const { version } = controller ?? (await discoverController(deps.gw, deps.ns));
  const sets = await prove(
    deps,
    restored.map((r) => ({ key: r.key, namespace: r.namespace, name: r.name, target: r.caps })),
    {
      graceMs: settings.graceMs,
      timeoutMs: settings.timeoutMs,
      stableForMs: settings.stableForMs,
      controllerVersion: version,
      phaseAware: atLeast(version, 0, 14),
      keepGoing: true,
    },
  );
  const proven = sets.every((s) => s.proven);
  if (proven) deps.log.info(`listeners of ${sets.length} restored set(s) proven`);
  else for (const s of sets.filter((x) => !x.proven)) deps.log.warning(`listener not back: ${s.reason}`);
  return { proven, sets };
}

/** The proof in words: "proven", or the sets whose listeners did not come back. */
export function describeProof(proof: RestoredProof): string {
  if (proof.proven) return 'proven';
  const names = proof.sets.filter((s) => !s.proven).map((s) => s.name);
  return `not proven: the listeners of ${names.join(', ')} did not come back`;
}

/** Fails (PROOF_FAILED) naming each set whose listener did not come back. */
export function assertRestoredProven(proof: RestoredProof, what: string): void {
  if (proof.proven) return;
  const unproven = proof.sets.filter((s) => !s.proven);
  throw new FlywheelError(
    'PROOF_FAILED',
    `${what}, but the listeners of ${unproven.length} set(s) did not come back:\n${unproven
      .map((s) => `- ${s.reason}`)
      .join('\n')}`,
    {
      hint: 'The caps are back; check these sets with mode: drift and the controller log, then re-run.',
      details: { unproven: unproven.map((s) => ({ scaleSet: s.key, reason: s.reason })) },
    },
  );
}
