import { FlywheelError } from '@gloriousflywheel/shared';
import { type Ars, type Er, keyOf, SCALE_SET_NAME_LABEL, SCALE_SET_NAMESPACE_LABEL } from '../kube/types';
import { looksLikeSelector, matchesSelector } from './selector';

/** The names a workflow can put in `runs-on` for this scale set. */
export function publishedLabels(ars: Ars): string[] {
  const name = ars.spec?.runnerScaleSetName ?? ars.metadata.name;
  return [...new Set([name, ...(ars.spec?.runnerScaleSetLabels ?? [])])];
}

/** Which scale sets publish each workflow-facing label (several owner overlays can share one). */
export function labelIndex(sets: Ars[]): Map<string, Ars[]> {
  const index = new Map<string, Ars[]>();
  for (const ars of sets) {
    for (const label of publishedLabels(ars)) {
      const list = index.get(label) ?? [];
      list.push(ars);
      index.set(label, list);
    }
  }
  return index;
}

export interface Scope {
  sets: Ars[];
  /** How each set came into scope, for the summary. */
  reasons: Map<string, string[]>;
}

/**
 * Resolves scope entries — ARS names, workflow-facing labels or label selectors — and the scale
 * sets named by the plan against one list of the runners namespace's ARSs. Unknown entries fail:
 * a typo must not silently shrink what gets frozen.
 */
export function resolveScope(all: Ars[], entries: string[], planSets: string[] = []): Scope {
  const reasons = new Map<string, string[]>();
  const byLabel = labelIndex(all);
  const add = (ars: Ars, why: string) => reasons.set(keyOf(ars), [...(reasons.get(keyOf(ars)) ?? []), why]);
  const unmatched: string[] = [];
  for (const entry of entries) {
    let matched: Ars[];
    if (looksLikeSelector(entry)) matched = all.filter((a) => matchesSelector(a.metadata.labels, entry));
    else {
      const byName = all.filter((a) => a.metadata.name === entry);
      matched = byName.length > 0 ? byName : (byLabel.get(entry) ?? []);
    }
    if (matched.length === 0) unmatched.push(entry);
    for (const ars of matched) add(ars, `scale-sets: ${entry}`);
  }
  for (const name of planSets) {
    const matched = all.filter((a) => a.metadata.name === name || a.spec?.runnerScaleSetName === name);
    for (const ars of matched) add(ars, 'plan');
  }
  if (unmatched.length > 0) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `scale-sets entries match no scale set: ${unmatched.join(', ')}`,
      {
        hint: `Known scale sets: ${all.map((a) => a.metadata.name).join(', ') || 'none'}`,
      },
    );
  }
  const sets = all.filter((a) => reasons.has(keyOf(a)));
  return { sets, reasons };
}

/**
 * The scale set this job runs on, if it runs on an ARC runner: the EphemeralRunner whose name (or
 * runner name) is RUNNER_NAME, then its scale-set labels; a name prefix is the fallback.
 */
export function selfScaleSet(runnerName: string | undefined, runners: Er[], sets: Ars[]): Ars | undefined {
  if (!runnerName) return undefined;
  const er = runners.find((r) => r.metadata.name === runnerName || r.status?.runnerName === runnerName);
  if (er) {
    const name = er.metadata.labels?.[SCALE_SET_NAME_LABEL];
    const ns = er.metadata.labels?.[SCALE_SET_NAMESPACE_LABEL] ?? er.metadata.namespace;
    const found = sets.find(
      (a) => (a.metadata.name === name || a.spec?.runnerScaleSetName === name) && a.metadata.namespace === ns,
    );
    if (found) return found;
  }
  return [...sets]
    .sort((a, b) => b.metadata.name.length - a.metadata.name.length)
    .find((a) => runnerName.startsWith(`${a.metadata.name}-`));
}

export function assertNotSelfLane(self: Ars | undefined, scope: Scope, runnerName: string | undefined): void {
  if (self && scope.reasons.has(keyOf(self))) {
    throw new FlywheelError(
      'SELF_LANE',
      `this job runs on runner ${runnerName} of scale set ${self.metadata.name}, which is in scope: ` +
        'the pipeline would freeze the lane it stands on',
      { hint: 'Run arc-apply on the operator lane (a scale set outside the scope).' },
    );
  }
}
