import type { ApplyProof } from './lead-time';

/** One arc-apply drift report: when, and the items it found (scale set × kind). */
export interface DriftObservation {
  at: string;
  items: { scaleSet: string; namespace: string; kind: string }[];
}

export interface ApplyHistory {
  proofs: ApplyProof[];
  drift: DriftObservation[];
  /** Successful applies whose envelope names no commit (written before `meta.sha` existed). */
  unattributed: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What arc-apply result envelopes (`{ data, meta }`, meta.action `arc-apply`) say: a successful,
 * non-dry-run `apply` proved `meta.sha` when it finished; a `drift` report lists its items.
 * Anything else is not arc-apply's and is ignored.
 */
export function applyHistory(envelopes: readonly unknown[]): ApplyHistory {
  const out: ApplyHistory = { proofs: [], drift: [], unattributed: 0 };
  for (const env of envelopes) {
    if (!isObject(env) || !isObject(env['meta']) || env['meta']['action'] !== 'arc-apply') continue;
    const meta = env['meta'];
    const data = env['data'];
    if (!isObject(data)) continue;
    if (data['mode'] === 'apply' && data['outcome'] === 'succeeded' && data['dryRun'] !== true) {
      if (typeof meta['sha'] === 'string' && typeof meta['finishedAt'] === 'string') {
        out.proofs.push({ sha: meta['sha'], provedAt: meta['finishedAt'] });
      } else out.unattributed += 1;
    }
    if (data['mode'] === 'drift' && Array.isArray(data['items'])) {
      out.drift.push({
        at: typeof data['checkedAt'] === 'string' ? data['checkedAt'] : String(meta['finishedAt']),
        items: (data['items'] as unknown[]).filter(isObject).map((i) => ({
          scaleSet: String(i['scaleSet'] ?? ''),
          namespace: String(i['namespace'] ?? ''),
          kind: String(i['kind'] ?? ''),
        })),
      });
    }
  }
  out.drift.sort((a, b) => a.at.localeCompare(b.at));
  return out;
}

/**
 * Drift items sustained at the newest report: present in it and in every report of the
 * `sustainMinutes` before it (at least one earlier report must cover that span, else nothing is
 * known to be sustained yet).
 */
export function sustainedDrift(reports: readonly DriftObservation[], sustainMinutes: number): string[] {
  const newest = reports.at(-1);
  if (!newest) return [];
  const from = Date.parse(newest.at) - sustainMinutes * 60_000;
  const span = reports.filter((r) => Date.parse(r.at) >= from);
  const earlier = reports.filter((r) => Date.parse(r.at) <= from).at(-1);
  if (!earlier) return [];
  const key = (i: DriftObservation['items'][number]) => `${i.namespace}/${i.scaleSet}: ${i.kind}`;
  const all = [earlier, ...span].map((r) => new Set(r.items.map(key)));
  return [...all.at(-1)!].filter((k) => all.every((s) => s.has(k))).sort();
}
