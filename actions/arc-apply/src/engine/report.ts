import type { Caps } from '../kube/types';
import type { DrainResult } from './drain';
import type { PhaseLedger } from './phase-runner';
import type { ProofEntry } from './prove';
import type { ReapResult } from './reap';
import type { RestoreEntry } from './restore';
import type { RollbackResult } from './rollback';

export interface SetRow {
  key: string;
  name: string;
  before?: Caps;
  frozen?: Caps;
  target?: Caps;
  targetSource?: 'targets' | 'snapshot';
  proven?: boolean;
  proofReason?: string;
}

/**
 * Everything a run found and did (and, as a phase ledger, its phases and outcome); filled as it
 * goes so a failed run still reports its progress.
 */
export interface ApplyReport extends PhaseLedger {
  mode: 'apply';
  dryRun: boolean;
  controller?: { deployment: string; version?: string; updateStrategy: string };
  scope: { name: string; namespace: string; reasons: string[] }[];
  reap?: ReapResult;
  frozenSets: string[];
  zeroedRunnerSets: string[];
  drain?: DrainResult;
  plan?: { changes: { address: string; actions: string[] }[] };
  applied: boolean;
  restored: RestoreEntry[];
  proof: ProofEntry[];
  rollback?: RollbackResult & { error?: string };
  sets: SetRow[];
}

export function newReport(dryRun: boolean): ApplyReport {
  return {
    mode: 'apply',
    dryRun,
    scope: [],
    frozenSets: [],
    zeroedRunnerSets: [],
    applied: false,
    restored: [],
    proof: [],
    sets: [],
    phases: [],
    outcome: 'running',
  };
}

export function rowFor(report: ApplyReport, key: string, name: string): SetRow {
  let row = report.sets.find((r) => r.key === key);
  if (!row) {
    row = { key, name };
    report.sets.push(row);
  }
  return row;
}
