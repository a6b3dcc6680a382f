import type { ForgeChange } from '@gloriousflywheel/shared/forge';
import { businessHoursBetween, type KpiTargets } from '../kpi';

/** A successful arc-apply run: the commit it applied and when it proved the listeners. */
export interface ApplyProof {
  sha: string;
  provedAt: string;
}

export interface LeadTime {
  change: number;
  title: string;
  sha: string;
  mergedAt: string;
  /** The first successful apply of this commit or a later one; null while none has proved it. */
  provedAt: string | null;
  provedBy: string | null;
  /** Business hours from merge to proof (null: not proved yet). */
  hours: number | null;
  /** Wall-clock hours, for people. */
  wallHours: number | null;
}

/**
 * For each merged change, the first apply that proved it: a successful arc-apply whose commit is
 * the change's own or a later one on the branch (`commits` newest first; an apply of a commit the
 * list does not hold — older than the window — proves nothing here), finished after the merge.
 */
export function leadTimes(
  changes: readonly ForgeChange[],
  commits: readonly string[],
  proofs: readonly ApplyProof[],
  targets: KpiTargets,
): LeadTime[] {
  const position = new Map(commits.map((sha, i) => [sha, i]));
  const ordered = proofs
    .filter((p) => position.has(p.sha))
    .sort((a, b) => a.provedAt.localeCompare(b.provedAt));
  return changes.map((c) => {
    const at = position.get(c.sha);
    const proof =
      at === undefined
        ? undefined
        : ordered.find((p) => position.get(p.sha)! <= at && Date.parse(p.provedAt) >= Date.parse(c.mergedAt));
    const merged = new Date(c.mergedAt);
    return {
      change: c.number,
      title: c.title,
      sha: c.sha,
      mergedAt: c.mergedAt,
      provedAt: proof?.provedAt ?? null,
      provedBy: proof?.sha ?? null,
      hours: proof ? businessHoursBetween(merged, new Date(proof.provedAt), targets) : null,
      wallHours: proof ? (Date.parse(proof.provedAt) - merged.getTime()) / 3_600_000 : null,
    };
  });
}
