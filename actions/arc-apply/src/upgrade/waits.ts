import { FlywheelError, formatDuration } from '@gloriousflywheel/shared';
import { runDoctor } from '../doctor/run';
import type { EngineDeps } from '../engine/deps';
import { readFleet } from '../engine/fleet';
import { controllerAmong } from '../engine/preflight';
import { type KubeObject, SCALE_SET_NAME_LABEL, SCALE_SET_NAMESPACE_LABEL } from '../kube/types';
import type { RecordedSet } from './record';

/** Doctor checks about caps: during an upgrade every set is frozen on purpose. */
const CAPS_CHECKS = new Set(['caps-drift', 'label-capacity']);

export interface WaitOptions {
  timeoutMs: number;
  progressEveryMs: number;
}

/** What is left of one removed scale set: the objects its deletion has still to clean up. */
export interface Leftover {
  set: string;
  /** `Kind name (terminating)`, for people. */
  objects: string[];
  names: string[];
}

function ofSet(o: KubeObject, s: RecordedSet): boolean {
  const name = o.metadata.labels?.[SCALE_SET_NAME_LABEL];
  const ns = o.metadata.labels?.[SCALE_SET_NAMESPACE_LABEL] ?? o.metadata.namespace;
  return name !== undefined
    ? name === s.name && ns === s.namespace
    : o.metadata.name.startsWith(`${s.name}-`);
}

/** Every ARC object a removed set still has (ARS, runner sets, runners, listener), one list per kind. */
export async function leftovers(deps: EngineDeps, sets: RecordedSet[]): Promise<Leftover[]> {
  const view = await readFleet(deps.gw, deps.ns);
  const out: Leftover[] = [];
  for (const s of sets) {
    const found: { kind: string; o: KubeObject }[] = [
      ...view.ars
        .filter((a) => a.metadata.name === s.name && a.metadata.namespace === s.namespace)
        .map((o) => ({ kind: 'AutoscalingRunnerSet', o })),
      ...view.listeners
        .filter(
          (l) =>
            l.spec?.autoscalingRunnerSetName === s.name &&
            l.spec?.autoscalingRunnerSetNamespace === s.namespace,
        )
        .map((o) => ({ kind: 'AutoscalingListener', o })),
      ...view.ers.filter((e) => ofSet(e, s)).map((o) => ({ kind: 'EphemeralRunnerSet', o })),
      ...view.runners.filter((r) => ofSet(r, s)).map((o) => ({ kind: 'EphemeralRunner', o })),
    ];
    if (found.length === 0) continue;
    out.push({
      set: `${s.namespace}/${s.name}`,
      objects: found.map(
        ({ kind, o }) => `${kind} ${o.metadata.name}${o.metadata.deletionTimestamp ? ' (terminating)' : ''}`,
      ),
      names: found.map(({ o }) => o.metadata.name),
    });
  }
  return out;
}

/**
 * Waits until the removed sets' listeners, runner sets, runners and finalizers are gone, saying
 * what is left as it goes. At the deadline the doctor's read pass names why (a finalizer that
 * never clears, an orphaned listener) and the run fails with UPGRADE_STUCK.
 */
export async function awaitSetsGone(
  deps: EngineDeps,
  sets: RecordedSet[],
  opts: WaitOptions & { stuckAfterMs: number; graceMs: number },
): Promise<{ waitedMs: number }> {
  const start = deps.clock.now().getTime();
  let nextProgress = start + opts.progressEveryMs;
  for (;;) {
    const left = await leftovers(deps, sets);
    const now = deps.clock.now().getTime();
    if (left.length === 0) return { waitedMs: now - start };
    const summary = left.map((l) => `${l.set}: ${l.objects.length} object(s)`).join(', ');
    if (now - start >= opts.timeoutMs) {
      const report = await runDoctor(deps, {
        settings: {
          graceMs: opts.graceMs,
          stuckAfterMs: opts.stuckAfterMs,
          idleAfterMs: 3_600_000,
          podAgeMs: 3_600_000,
        },
        targets: undefined,
        prometheus: undefined,
        fix: false,
        dryRun: true,
        by: 'arc-apply upgrade',
      });
      // Only what can hold the leftovers: the frozen caps and their capacity are the upgrade's doing.
      const names = new Set(left.flatMap((l) => l.names));
      const findings = report.checks
        .filter((c) => !CAPS_CHECKS.has(c.id))
        .flatMap((c) => c.findings)
        .filter((f) => f.objects.some((o) => names.has(o.name)))
        .map((f) => `${f.check}: ${f.evidence} — ${f.fix}`);
      const objects = left.flatMap((l) => l.objects.slice(0, 5).map((o) => `${l.set}: ${o}`));
      throw new FlywheelError(
        'UPGRADE_STUCK',
        `the scale sets were not gone after ${formatDuration(opts.timeoutMs)}:\n${[...objects, ...findings].join('\n')}`,
        {
          hint: 'The upgrade record stays. Clear what is named (mode: doctor with fix: true can), then re-run mode: upgrade to resume, or mode: restore to reinstall the sets at the old version.',
          details: { left, findings },
        },
      );
    }
    if (now >= nextProgress) {
      deps.log.info(`waiting for removal (${formatDuration(now - start)}): ${summary}`);
      nextProgress = now + opts.progressEveryMs;
    }
    await deps.clock.sleep(deps.pollMs);
  }
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

/** Why a controller Deployment is not yet the available target, or undefined when it is. */
export function notReady(d: KubeObject | undefined, version: string): string | undefined {
  if (!d) return 'no controller Deployment';
  const found = controllerAmong([d]);
  if (found?.versionText !== version)
    return `the Deployment is at ${found?.versionText ?? 'an unknown version'}`;
  const status = (d.status ?? {}) as DeploymentStatus;
  const want = (d.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  if ((status.observedGeneration ?? 0) < (d.metadata.generation ?? 1))
    return 'the rollout is not observed yet';
  if ((status.updatedReplicas ?? 0) < want) return `${status.updatedReplicas ?? 0}/${want} pods updated`;
  if ((status.availableReplicas ?? 0) < want || (status.replicas ?? 0) > want)
    return `${status.availableReplicas ?? 0}/${want} available, ${status.replicas ?? 0} pods`;
  const available = status.conditions?.find((c) => c.type === 'Available');
  if (available?.status !== 'True') return `Available is ${available?.status ?? 'unknown'}`;
  return undefined;
}

/**
 * Waits until the controller Deployment runs `version` with every replica updated and available
 * (Kubernetes' rollout-complete test: observedGeneration, updated == replicas == available). A
 * rollout past its progress deadline fails at once; otherwise the pods' waiting reasons
 * (ErrImagePull, CrashLoopBackOff…) are named at the timeout.
 */
export async function awaitControllerAvailable(
  deps: EngineDeps,
  version: string,
  opts: WaitOptions,
): Promise<{ waitedMs: number }> {
  const start = deps.clock.now().getTime();
  let nextProgress = start + opts.progressEveryMs;
  for (;;) {
    const found = controllerAmong(await deps.gw.listDeployments(deps.ns.controller));
    const reason = notReady(found?.object, version);
    const now = deps.clock.now().getTime();
    if (!reason) return { waitedMs: now - start };
    const progressing = ((found?.object.status ?? {}) as DeploymentStatus).conditions?.find(
      (c) => c.type === 'Progressing',
    );
    const deadline = progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded';
    if (deadline || now - start >= opts.timeoutMs) {
      const pods = await deps.gw.listPods(deps.ns.controller);
      const waiting = pods.flatMap((p) =>
        (p.status?.containerStatuses ?? [])
          .filter((c) => c.state?.waiting?.reason)
          .map(
            (c) =>
              `${p.metadata.name}: ${c.state!.waiting!.reason}${c.state?.waiting?.message ? ` (${c.state.waiting.message})` : ''}`,
          ),
      );
      throw new FlywheelError(
        'APPLY_FAILED',
        `controller ${version} did not become available${deadline ? ' (ProgressDeadlineExceeded)' : ` within ${formatDuration(opts.timeoutMs)}`}: ${reason}${waiting.length ? `\n${waiting.join('\n')}` : ''}`,
        {
          hint: 'Check the image and the controller pod events; the upgrade rolls back to the old controller.',
        },
      );
    }
    if (now >= nextProgress) {
      deps.log.info(`waiting for controller ${version} (${formatDuration(now - start)}): ${reason}`);
      nextProgress = now + opts.progressEveryMs;
    }
    await deps.clock.sleep(deps.pollMs);
  }
}

/** Waits until the controller Deployment is gone (Helm uninstall). */
export async function awaitControllerGone(deps: EngineDeps, opts: WaitOptions): Promise<void> {
  const start = deps.clock.now().getTime();
  for (;;) {
    if (!controllerAmong(await deps.gw.listDeployments(deps.ns.controller))) return;
    if (deps.clock.now().getTime() - start >= opts.timeoutMs) {
      throw new FlywheelError(
        'UPGRADE_STUCK',
        `the controller Deployment was not gone after ${formatDuration(opts.timeoutMs)}`,
        {
          hint: 'The upgrade record stays: see why the Deployment is not deleted, then re-run mode: upgrade.',
        },
      );
    }
    await deps.clock.sleep(deps.pollMs);
  }
}
