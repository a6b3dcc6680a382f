import type { FlywheelError } from '@gloriousflywheel/shared';
import {
  type ArcFleet,
  type ArcFleetOptions,
  arcBinaries,
  FLEET_CONTROLLER,
  FLEET_RUNNERS,
  type FleetScaleSet,
  startArcFleet,
} from '@gloriousflywheel/testkit/conformance';
import { realKubeUnavailable } from '@gloriousflywheel/testkit/kube-real';
import type { RunnerSetVars, StandinConfig } from '@gloriousflywheel/testkit/tofu';
import { afterEach } from 'vitest';
import { wallClock } from '../../src/engine/clock';
import type { PhaseLedger } from '../../src/engine/phase-runner';
import { type Er, type Listener, listenerCapsOf } from '../../src/kube/types';
import { engineOn } from '../scenario';

/**
 * What the conformance files on ARC's real controller share: whether they can run here (the
 * binaries named by ARC_MANAGER_BIN, ARC_LISTENER_BIN and ARC_VERSION, and the test bed), a fleet
 * per test with arc-apply's engine wired to it, and small readings of the fleet.
 */
const found = arcBinaries({ manager: true });
/** Why the suites cannot run here (one line), or undefined. */
export const missing = 'missing' in found ? found.missing : realKubeUnavailable();
export const version = 'missing' in found ? '' : found.version;

let fleet: ArcFleet | undefined;

/** Registers the hook that stops each test's fleet. */
export function stopFleetsAfterEach(): void {
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });
}

/** A fleet on ARC's real controller, settled, with the engine on it (tofu targets default to the sets' own caps). */
export async function setup(
  sets: FleetScaleSet[],
  o: {
    /** Tofu's targets, or a function of the fleet (for what tofu must render, e.g. its config URL). */
    targets?: Record<string, RunnerSetVars> | ((f: ArcFleet) => Record<string, RunnerSetVars>);
    standin?: StandinConfig;
  } & Partial<ArcFleetOptions> = {},
) {
  const withCaps = sets.map((s) => ({ ...s, min: s.min ?? 0, max: s.max ?? 4 }));
  fleet = await startArcFleet({
    binaries: found as ArcFleetOptions['binaries'],
    sets: withCaps,
    ...(o.updateStrategy ? { updateStrategy: o.updateStrategy } : {}),
    ...(o.users ? { users: o.users } : {}),
    ...(o.from ? { from: o.from } : {}),
  });
  await fleet.settled();
  const targets = typeof o.targets === 'function' ? o.targets(fleet) : o.targets;
  const engine = engineOn({
    kubeconfig: fleet.kubeconfig(),
    kubeconfigPath: fleet.kubeconfigPath,
    runners: FLEET_RUNNERS,
    controller: FLEET_CONTROLLER,
    sets: withCaps,
    clock: wallClock,
    ...(targets ? { targets } : {}),
    ...(o.standin ? { standin: o.standin } : {}),
  });
  return { fleet, ...engine };
}

export async function failure(p: Promise<unknown>): Promise<FlywheelError> {
  try {
    await p;
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('expected the run to fail');
}

/** The caps ARC's real listener controller gave the set's AutoscalingListener. */
export async function listenerCaps(f: ArcFleet, set: string) {
  const listeners = await f.list('listener', FLEET_CONTROLLER);
  const l = listeners.find(
    (x) => (x.spec as { autoscalingRunnerSetName?: string }).autoscalingRunnerSetName === set,
  );
  if (!l) return undefined;
  const caps = listenerCapsOf(l as Listener);
  return { min: caps.minRunners, max: caps.maxRunners };
}

/** One line per run for the conformance record: the phases and how long each took. */
export function record(name: string, report: PhaseLedger): void {
  const took = report.phases.map(
    (p) => `${p.name} ${((Date.parse(p.end) - Date.parse(p.start)) / 1000).toFixed(1)} s`,
  );
  console.info(
    `conformance ${version} · ${name}: ${report.error?.code ?? report.outcome} · ${took.join(', ')}`,
  );
}

/** Runners that ARC's real listener has marked busy (JobStarted's fields on the EphemeralRunner). */
export async function busyRunners(f: ArcFleet): Promise<Er[]> {
  return ((await f.list('er')) as Er[]).filter((r) => Boolean(r.status?.jobId));
}
