import type { InputsOf } from '@gloriousflywheel/shared';
import type { Definition } from '../inputs';
import type { EngineDeps } from './deps';
import type { Namespaces } from './fleet';
import type { RetryPolicy } from './patch-caps';
import { checkScopeEntries } from './scope-entries';
import type { TargetSource } from './targets';
import type { TofuOptions, TofuRunner } from './tofu';

/** The action's inputs as parsed from its one definition (`inputs.ts`): the engine's only schema. */
export type ArcApplyInputs = InputsOf<Definition>;

/** The freeze policies, as the `freeze-mode` input names them; each is a strategy in freeze-caps.ts. */
export type FreezeMode = ArcApplyInputs['freeze-mode'];

/** The drain-timeout policies, as `on-drain-timeout` names them; each is a strategy in drain-policy.ts. */
export type OnDrainTimeout = ArcApplyInputs['on-drain-timeout'];

// Policy the inputs do not expose, named once.
/** How often a drain with busy runners says who it is waiting for. */
export const DRAIN_PROGRESS_EVERY_MS = 30_000;
/** How long one drift signature must hold on a settled listener before the proof fails fast; never longer than `grace`. */
export const PROOF_STABLE_FOR_MAX_MS = 30_000;
/** Under the `eventual` update strategy: how long the freeze waits for the old listener to go (#4432). */
export const LISTENER_GONE_TIMEOUT_MS = 60_000;

/** How the settle-aware listener proof judges: after an apply, a resume, or a rollback. */
export interface ProofSettings {
  graceMs: number;
  /** The proof's own deadline, counted from when it starts. */
  timeoutMs: number;
  stableForMs: number;
}

export function proofSettingsFrom(inputs: ArcApplyInputs): ProofSettings {
  return {
    graceMs: inputs.grace,
    timeoutMs: inputs['prove-timeout'],
    stableForMs: Math.min(inputs.grace, PROOF_STABLE_FOR_MAX_MS),
  };
}

/** Everything the apply pipeline needs, derived from the inputs by `configFrom`. */
export interface ApplyConfig {
  scaleSets: string[];
  freezeMode: FreezeMode;
  drainTimeoutMs: number;
  onDrainTimeout: OnDrainTimeout;
  progressEveryMs: number;
  tofu: TofuOptions;
  /** Replaces the tofu executable (in-process stand-ins for large randomized test runs). */
  tofuRunner?: TofuRunner;
  targetsFile?: string | undefined;
  targetsVariable?: string | undefined;
  protect: string[];
  allow: string[];
  graceMs: number;
  proveTimeoutMs: number;
  stableForMs: number;
  settleTimeoutMs: number;
  podMaxAgeMs: number;
  listenerGoneTimeoutMs: number;
  dryRun: boolean;
  runId: string;
  runnerName?: string | undefined;
  /** Private folder for the plan and snapshot files. */
  workDir: string;
  retry?: RetryPolicy;
}

/** What a run knows beyond its inputs: who it is, where it may write, what tofu's environment needs. */
export interface RunInfo {
  /** Marks the cap snapshot, so a post phase only undoes its own run's freeze. */
  runId: string;
  /** The runner this job runs on, to refuse freezing its own lane. */
  runnerName?: string | undefined;
  workDir: string;
  /** Added to tofu's environment (the kubeconfig the pipeline uses, so tofu changes the same cluster). */
  tofuEnv?: NodeJS.ProcessEnv;
}

export function namespacesFrom(inputs: ArcApplyInputs): Namespaces {
  return { runners: inputs['runners-namespace'], controller: inputs['controller-namespace'] };
}

/** The parts of the engine's dependencies that the inputs set; the caller adds gateway, clock and log. */
export function engineSettingsFrom(inputs: ArcApplyInputs): Pick<EngineDeps, 'ns' | 'pollMs'> {
  return { ns: namespacesFrom(inputs), pollMs: inputs['poll-interval'] };
}

/** Where the source targets come from (see `loadTargets` for the path rule). */
export function targetSourceFrom(inputs: ArcApplyInputs): TargetSource {
  return {
    workingDirectory: inputs['working-directory'],
    varFiles: inputs['var-files'] ?? [],
    targetsFile: inputs['targets-file'],
    targetsVariable: inputs['targets-variable'],
  };
}

/** The apply pipeline's configuration: the inputs, renamed once, plus the policy they imply. */
export function configFrom(inputs: ArcApplyInputs, run: RunInfo): ApplyConfig {
  const source = targetSourceFrom(inputs);
  const proof = proofSettingsFrom(inputs);
  return {
    scaleSets: checkScopeEntries(inputs['scale-sets'] ?? []),
    freezeMode: inputs['freeze-mode'],
    drainTimeoutMs: inputs['drain-timeout'],
    onDrainTimeout: inputs['on-drain-timeout'],
    progressEveryMs: DRAIN_PROGRESS_EVERY_MS,
    tofu: {
      bin: inputs['tofu-bin'],
      workingDirectory: source.workingDirectory,
      varFiles: source.varFiles,
      env: run.tofuEnv ?? {},
    },
    targetsFile: source.targetsFile,
    targetsVariable: source.targetsVariable,
    protect: inputs.protect,
    allow: inputs['allow-addresses'] ?? [],
    graceMs: proof.graceMs,
    proveTimeoutMs: proof.timeoutMs,
    stableForMs: proof.stableForMs,
    settleTimeoutMs: inputs['settle-timeout'],
    podMaxAgeMs: inputs['completed-pod-age'],
    listenerGoneTimeoutMs: LISTENER_GONE_TIMEOUT_MS,
    dryRun: inputs['dry-run'],
    runId: run.runId,
    runnerName: run.runnerName,
    workDir: run.workDir,
  };
}
