import { driftItems } from '../../engine/drift-classify';
import { listenerOf, runnersOf } from '../../engine/fleet';
import { labelIndex } from '../../engine/scope';
import { isBusy } from '../../engine/version';
import { type Ars, keyOf } from '../../kube/types';
import type { Check, Finding } from '../finding';
import type { DoctorView } from '../view';

/** Kinds the listener checks already report, with their evidence. */
const REPORTED_ELSEWHERE = new Set(['listener-missing', 'listener-missing-active']);

/**
 * What `mode: drift` finds, from the same read: caps against the source targets (when var-files
 * or targets-file name them), listener caps against their set, paused sets, patch-level skew.
 */
export const capsDrift: Check<DoctorView> = {
  id: 'caps-drift',
  title: 'Caps match the source targets and listeners match their sets',
  run: (view) => {
    const findings: Finding[] = [];
    for (const ars of view.ars) {
      const key = keyOf(ars);
      const paused = view.paused.get(key);
      const items = driftItems({
        ars,
        target: view.targets?.get(ars.metadata.name),
        listener: listenerOf(view, ars),
        activeRunners: runnersOf(view, ars).filter((r) => isBusy(r, view.controller?.version)).length,
        controllerVersion: view.controller?.version,
        ...(paused ? { paused } : {}),
      });
      for (const item of items) {
        if (REPORTED_ELSEWHERE.has(item.kind) || (item.kind === 'no-target' && !view.targets)) continue;
        findings.push({
          check: 'caps-drift',
          severity: item.severity,
          scaleSet: key,
          objects: [{ kind: 'AutoscalingRunnerSet', namespace: item.namespace, name: item.scaleSet }],
          evidence: `${item.kind}: ${item.message}`,
          fix:
            item.kind === 'paused'
              ? 'Resume it (mode: resume) when the pause is over.'
              : 'Run the managed apply (mode: apply) to bring the caps back to the source targets.',
        });
      }
    }
    const live = new Set(view.ars.map((a) => a.metadata.name));
    for (const name of view.targets?.keys() ?? [])
      if (!live.has(name))
        findings.push({
          check: 'caps-drift',
          severity: 'high',
          objects: [{ kind: 'AutoscalingRunnerSet', namespace: view.ns.runners, name }],
          evidence: 'in the source targets but not in the cluster',
          fix: 'Run the managed apply to create it, or remove it from the source.',
        });
    return findings;
  },
};

/**
 * What `mode: audit` finds that is a fault: workflow-facing labels no set can run a job for (every
 * set publishing them has maxRunners 0). Labels served by the same sets are one finding.
 */
export const labelCapacity: Check<DoctorView> = {
  id: 'label-capacity',
  title: 'Every workflow-facing label can run a job',
  run: (view) => {
    const closed = new Map<string, { labels: string[]; sets: Ars[] }>();
    for (const [label, sets] of labelIndex(view.ars)) {
      if (sets.some((a) => (a.spec?.maxRunners ?? 1) > 0)) continue;
      const key = sets.map(keyOf).sort().join(',');
      const entry = closed.get(key) ?? { labels: [], sets };
      entry.labels.push(label);
      closed.set(key, entry);
    }
    return [...closed.values()].map(({ labels, sets }): Finding => {
      const held = sets.filter((a) => view.paused.has(keyOf(a)) || view.frozen.has(keyOf(a)));
      const onPurpose = held.length === sets.length;
      return {
        check: 'label-capacity',
        severity: onPurpose ? 'low' : 'high',
        objects: sets.map((a) => ({
          kind: 'AutoscalingRunnerSet',
          namespace: a.metadata.namespace ?? view.ns.runners,
          name: a.metadata.name,
        })),
        evidence: `every set publishing runs-on ${labels.map((l) => `"${l}"`).join(', ')} has maxRunners 0${held.length ? ` (${held.length} paused or frozen on purpose)` : ''}: its jobs wait for ever`,
        fix: onPurpose
          ? 'Resume the sets when the pause ends.'
          : 'Raise maxRunners on one of them (in the source, then apply).',
      };
    });
  },
};
