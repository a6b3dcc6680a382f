import type { Caps } from '../kube/types';
import type { DrainResult } from './drain';
import type { PhaseLedger } from './phase-runner';
import type { RestoredProof } from './prove-restored';

/** What a pause or a resume did to one set. */
export interface PauseRow {
  key: string;
  name: string;
  /** The caps the set had before its pause: what a resume gives back. */
  before?: Caps;
  /** The caps the pause holds it at. */
  paused?: Caps;
  outcome:
    | 'paused'
    | 'already-paused'
    | 're-paused'
    | 'would-pause'
    | 'resumed'
    | 'would-resume'
    | 'not-paused';
  /** Says why, for the summary (who paused it and when; what an idempotent no-op found). */
  note?: string;
  proven?: boolean;
  proofReason?: string;
}

/** A pause or resume run: its phases (a ledger, as the apply's), its sets, drain and proof. */
export interface PauseReport extends PhaseLedger {
  mode: 'pause' | 'resume';
  dryRun: boolean;
  controller?: { deployment: string; version?: string; updateStrategy: string };
  sets: PauseRow[];
  drain?: DrainResult;
  proof?: RestoredProof;
}

export function newPauseReport(mode: PauseReport['mode'], dryRun: boolean): PauseReport {
  return { mode, dryRun, sets: [], phases: [], outcome: 'running' };
}
