import type { ApplyConfig } from '../engine/config';
import type { VersionSource } from './versions';

/** The upgrade's configuration: the apply pipeline's (tofu, freeze, drain, proof) and its own. */
export interface UpgradeConfig {
  apply: ApplyConfig;
  version: VersionSource;
  allowDowngrade: boolean;
  /** The target chart's crds/ folder; required when the minor version changes. */
  crdsDir?: string | undefined;
  /** How long the removed sets' objects may take to go. */
  removalTimeoutMs: number;
  /** How long the new controller may take to become available. */
  controllerTimeoutMs: number;
  /** The doctor's stuck threshold, for naming what blocks a removal. */
  stuckAfterMs: number;
}

export interface UpgradeHooks {
  /** Tests only: a point to inject a fault (a killed process) after a step is recorded. */
  afterPhase?(name: string): Promise<void> | void;
}
