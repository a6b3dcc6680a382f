import type { DrainResult } from '../engine/drain';
import type { PhaseLedger } from '../engine/phase-runner';
import type { ProofEntry } from '../engine/prove';
import type { ReapResult } from '../engine/reap';
import type { Caps } from '../kube/types';
import type { CrdChange } from './crds';
import type { UpgradeStep } from './record';

/** One scale set across the upgrade: before, while it was frozen and removed, after. */
export interface UpgradeSetRow {
  key: string;
  name: string;
  before: { version?: string; caps: Caps };
  /** The caps it was frozen at before its removal; absent if it was never frozen by this run. */
  frozen?: Caps;
  removed: boolean;
  after?: { version?: string; caps?: Caps; proven?: boolean; reason?: string };
}

/**
 * Everything an upgrade run found and did, phase by phase (the ledger: each step with its start,
 * end and outcome, the audit trail), filled as it goes so a failed run shows how far it got.
 */
export interface UpgradeReport extends PhaseLedger {
  mode: 'upgrade';
  dryRun: boolean;
  from?: string;
  to?: string;
  /** The step a re-run resumed at, when an earlier run's record was found. */
  resumedAt?: UpgradeStep;
  /** Nothing to do: the controller already runs the target. */
  alreadyAtTarget?: boolean;
  warnings: string[];
  crds: CrdChange[];
  reap?: ReapResult;
  drain?: DrainResult;
  /** The tofu changes each step planned, for the audit trail. */
  plans: { step: string; changes: { address: string; actions: string[] }[] }[];
  sets: UpgradeSetRow[];
  proof: ProofEntry[];
  /** Set when a failure rolled the controller and the sets back to `from`. */
  rollback?: { to: string; proven: boolean; error?: string };
}

export function newUpgradeReport(dryRun: boolean): UpgradeReport {
  return {
    mode: 'upgrade',
    dryRun,
    warnings: [],
    crds: [],
    plans: [],
    sets: [],
    proof: [],
    phases: [],
    outcome: 'running',
  };
}
