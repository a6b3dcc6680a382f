import { FlywheelError, formatDuration } from '@gloriousflywheel/shared';
import type { Caps } from '../kube/types';
import { controllerDown } from './controller-down';
import type { EngineDeps } from './deps';
import { listenerOf, readFleet, runnersOf } from './fleet';
import { classify, type Verdict } from './prove-classify';
import { isBusy, type SemVer } from './version';

export interface ProveOptions {
  graceMs: number;
  timeoutMs: number;
  controllerVersion: SemVer | undefined;
  phaseAware: boolean;
  /** How long one drift signature must persist before it fails fast (never less than one poll). */
  stableForMs: number;
  /**
   * Judge every set instead of stopping at the first failure: a set that fails is recorded as
   * unproven and the others are still watched (a rollback's proof names every set not back).
   */
  keepGoing?: boolean;
}

export interface ProveTarget {
  key: string;
  namespace: string;
  name: string;
  target: Caps;
}

export interface ProofEntry {
  key: string;
  name: string;
  proven: boolean;
  reason: string;
}

/**
 * Settle-aware listener proof. Each poll classifies every set; drift counts only from a settled
 * listener and fails fast when the same drift signature is seen twice in a row; a missing listener
 * with busy runners fails once it has lasted a grace window, and so does one the controller cannot
 * make because its Deployment has no available replica; the deadline fails whatever is left.
 */
export async function prove(
  deps: EngineDeps,
  targets: ProveTarget[],
  opts: ProveOptions,
): Promise<ProofEntry[]> {
  const { clock, gw, ns } = deps;
  const start = clock.now().getTime();
  const lastSignature = new Map<string, { signature: string; since: number }>();
  const missingSince = new Map<string, number>();
  const verdicts = new Map<string, Verdict>();
  // Under keepGoing: the sets already judged unproven, with why.
  const failed = new Map<string, string>();
  const fail = (t: ProveTarget, error: FlywheelError) => {
    if (!opts.keepGoing) throw error;
    failed.set(t.key, error.message);
  };
  // A listener's config secret is looked up until seen once per listener UID, not on every poll.
  const secretSeen = new Set<string>();
  // When each listener was first seen, by our clock: the fallback age when the cluster's clock runs
  // ahead of ours (a creationTimestamp in the future would otherwise keep it "young" for ever).
  const firstSeen = new Map<string, number>();
  // Since when a set waits for a listener while the controller that makes them is down.
  let controllerDownSince: number | undefined;
  for (;;) {
    const view = await readFleet(gw, ns, { ers: false });
    const now = clock.now();
    for (const t of targets) {
      if (failed.has(t.key)) continue;
      const ars = view.ars.find((a) => a.metadata.name === t.name && a.metadata.namespace === t.namespace);
      const listener = ars ? listenerOf(view, ars) : undefined;
      const uid = listener?.metadata.uid ?? listener?.metadata.name ?? '';
      if (listener && !firstSeen.has(uid)) firstSeen.set(uid, now.getTime());
      const sinceCreated = now.getTime() - Date.parse(listener?.metadata.creationTimestamp ?? '');
      const age = sinceCreated >= 0 ? sinceCreated : now.getTime() - (firstSeen.get(uid) ?? now.getTime());
      // A young listener is transient whatever its secret says: look only once it could settle,
      // and only until the secret is seen once for this listener.
      const settling = Number.isFinite(age) && age < opts.graceMs;
      if (listener && !settling && !secretSeen.has(uid)) {
        if (await gw.secretExists(ns.controller, `${listener.metadata.name}-config`)) secretSeen.add(uid);
      }
      const secretExists = !!listener && secretSeen.has(uid);
      const activeRunners = ars
        ? runnersOf(view, ars).filter((r) => isBusy(r, opts.controllerVersion)).length
        : 0;
      const verdict = classify(
        {
          name: t.name,
          ars,
          target: t.target,
          listener,
          secretExists,
          activeRunners,
          ...(listener && Number.isFinite(age) ? { listenerAgeMs: age } : {}),
          phaseAware: opts.phaseAware,
        },
        now,
        opts.graceMs,
      );
      verdicts.set(t.key, verdict);
      if (verdict.state === 'drift') {
        const seen = lastSignature.get(t.key);
        if (
          seen?.signature === verdict.signature &&
          now.getTime() - seen.since >= Math.max(opts.stableForMs, 1)
        ) {
          fail(
            t,
            new FlywheelError(
              'PROOF_FAILED',
              `${t.name}: stable drift with a settled listener: ${verdict.reason}`,
              {
                hint: 'The listener did not pick up the caps; check the controller log for this scale set.',
                details: { scaleSet: t.key, reason: verdict.reason },
              },
            ),
          );
          continue;
        }
        if (seen?.signature !== verdict.signature)
          lastSignature.set(t.key, { signature: verdict.signature, since: now.getTime() });
      } else lastSignature.delete(t.key);
      if (verdict.state === 'missing-with-active') {
        const since = missingSince.get(t.key) ?? now.getTime();
        missingSince.set(t.key, since);
        if (now.getTime() - since >= opts.graceMs) {
          fail(
            t,
            new FlywheelError(
              'PROOF_FAILED',
              `${t.name}: ${verdict.reason} for ${formatDuration(now.getTime() - since)}`,
              {
                hint: 'Jobs on this set cannot be scaled; under the eventual strategy the listener waits for them to finish.',
                details: { scaleSet: t.key, reason: verdict.reason },
              },
            ),
          );
        }
      } else missingSince.delete(t.key);
    }
    const awaiting = targets.filter((t) => {
      const v = verdicts.get(t.key);
      return !failed.has(t.key) && v?.state === 'transient' && v.awaitsController === true;
    });
    // Read only while a set waits on the controller: a healthy proof costs no extra call.
    const down = awaiting.length > 0 ? controllerDown(await gw.listDeployments(ns.controller)) : undefined;
    controllerDownSince = down ? (controllerDownSince ?? now.getTime()) : undefined;
    if (down && controllerDownSince !== undefined && now.getTime() - controllerDownSince >= opts.graceMs) {
      const lasted = formatDuration(now.getTime() - controllerDownSince);
      for (const t of awaiting)
        fail(
          t,
          new FlywheelError(
            'PROOF_FAILED',
            `${t.name}: listener missing and the ARC controller is down for ${lasted} (${down}): nothing will recreate it`,
            {
              hint: "Bring the controller back (mode: doctor's controller-available check says why it is down); the caps are applied, so a re-run proves them.",
              details: { scaleSet: t.key, reason: `controller down: ${down}` },
            },
          ),
        );
    }
    const open = targets.filter((t) => !failed.has(t.key) && verdicts.get(t.key)?.state !== 'proven');
    const entries = () =>
      targets.map((t) => {
        const why = failed.get(t.key);
        return why === undefined
          ? { key: t.key, name: t.name, proven: true, reason: 'listener settled with target caps' }
          : { key: t.key, name: t.name, proven: false, reason: why };
      });
    if (open.length === 0) return entries();
    if (now.getTime() - start >= opts.timeoutMs && opts.keepGoing) {
      for (const t of open)
        failed.set(
          t.key,
          `${t.name}: unresolved after ${formatDuration(opts.timeoutMs)}: ${reasonOf(verdicts.get(t.key))}`,
        );
      return entries();
    }
    if (now.getTime() - start >= opts.timeoutMs) {
      const lines = open.map((t) => `${t.name}: ${reasonOf(verdicts.get(t.key))}`);
      throw new FlywheelError(
        'PROOF_FAILED',
        `unresolved after ${formatDuration(opts.timeoutMs)}:\n${lines.join('\n')}`,
        {
          hint: 'Raise prove-timeout if listeners are slow to come up; otherwise inspect these sets.',
          details: {
            unresolved: open.map((t) => ({ scaleSet: t.key, reason: reasonOf(verdicts.get(t.key)) })),
          },
        },
      );
    }
    await clock.sleep(deps.pollMs);
  }
}

function reasonOf(v: Verdict | undefined): string {
  return !v || v.state === 'proven' ? 'proven' : v.reason;
}
