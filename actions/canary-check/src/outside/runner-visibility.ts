import type {
  ForgeRepository,
  ForgeRunner,
  RunnerPool,
  RunnerScope,
  ScopeRunners,
} from '@gloriousflywheel/shared/forge';
import { type CheckResult, check } from '../checks';
import { type Access, access } from './access';
import { CHECK_TITLES } from './check-titles';
import type { ForgeTerms } from './forge-terms';
import { judgePool, type PoolVerdict } from './pool-access';

/** One runner scope as read for a label: its runners with the label, and its pools. */
export interface ScopeRead {
  scope: RunnerScope;
  runners: Access<ScopeRunners | null>;
  pools: Access<RunnerPool[]>;
}

export interface Visibility {
  result: CheckResult;
  /** Runners carrying the label that this repository may use and that take jobs. */
  usable: ForgeRunner[];
  /** Whether the runner lists and their rules could be read. */
  known: boolean;
}

/** Runner lines shown as evidence; the counts above them say how many there are in all. */
const RUNNERS_SHOWN = 5;

const ID = 'runner-visibility';
const TITLE = CHECK_TITLES[ID];

/** Check 2: a runner with the label is registered where this repository may use it. */
export async function runnerVisibility(
  repo: ForgeRepository,
  label: string,
  reads: ScopeRead[],
  idlePoolsListed: boolean,
  terms: ForgeTerms,
): Promise<Visibility> {
  const named = terms.named(label);
  const evidence: string[] = [];
  const candidates: Array<{ runner: ForgeRunner; pool: RunnerPool | undefined; read: ScopeRead }> = [];
  for (const read of reads) {
    const { runners, scope } = read;
    if (!runners.ok) {
      evidence.push(`${scope.runner}s unreadable (HTTP ${runners.status})`);
      continue;
    }
    if (!runners.value) continue;
    const { matching, total } = runners.value;
    evidence.push(
      `${scope.runner}s with the ${terms.label}: ${matching.length}${total === null ? '' : ` of ${total}`}`,
    );
    const pools = read.pools.ok ? read.pools.value : undefined;
    for (const runner of matching) {
      candidates.push({ runner, pool: pools?.find((p) => p.key === runner.pool), read });
    }
  }

  const verdicts = new Map<string, PoolVerdict>();
  for (const { pool } of candidates) {
    if (!pool || verdicts.has(pool.key)) continue;
    const rules = pool.rules?.access;
    const selected = rules?.to === 'selected' ? await access(rules.repositories) : undefined;
    verdicts.set(pool.key, judgePool(pool, repo, selected, terms));
  }
  for (const v of verdicts.values()) if (v.reason) evidence.push(v.reason);
  evidence.push(...candidates.slice(0, RUNNERS_SHOWN).map(({ runner }) => describe(runner, terms)));
  if (candidates.length > RUNNERS_SHOWN) evidence.push(`… and ${candidates.length - RUNNERS_SHOWN} more`);

  const serving = candidates.filter((c) => c.pool && verdicts.get(c.pool.key)?.serves);
  const usable = serving.filter((c) => !c.runner.paused);
  const result = (status: CheckResult['status'], summary: string, fix?: string) =>
    check(ID, TITLE, '', status, summary, evidence, fix);

  if (usable.length) {
    const servingPools = [...new Set(usable.map((c) => c.pool!))];
    const via = servingPools.map((pool) => {
      const v = verdicts.get(pool.key)!;
      if (!pool.rules) return `${usable.filter((c) => c.pool === pool).length} ${pool.title}`;
      return `${pool.title}${v.onlyWorkflows ? ` (only ${v.onlyWorkflows.join(', ')})` : ''}`;
    });
    // Partly served: a workflow restriction applies and no pool without rules serves all workflows.
    const partial =
      servingPools.some((p) => verdicts.get(p.key)?.onlyWorkflows) && !servingPools.some((p) => !p.rules);
    return {
      result: partial
        ? result(
            'warn',
            `served by ${via.join(' and ')}`,
            'only the listed workflows may use the group: add any other workflow that needs the label',
          )
        : result('pass', `served by ${via.join(' and ')}`),
      usable: usable.map((c) => c.runner),
      known: true,
    };
  }
  const unjudged = candidates.filter((c) => !c.read.pools.ok);
  const poolRead = unjudged[0]?.read.pools;
  if (poolRead && !poolRead.ok) {
    return {
      result: result(
        'warn',
        `runner ${terms.pool}s unreadable (HTTP ${poolRead.status}): cannot tell which ${terms.pool} serves the ${terms.repository}`,
        terms.fix.readRunners,
      ),
      usable: unjudged.map((c) => c.runner),
      known: false,
    };
  }
  if (serving.length) {
    return {
      result: result('fail', `runners with ${named} exist but all are paused`, terms.fix.paused),
      usable: [],
      known: true,
    };
  }
  if (candidates.length) {
    const fixes = [...verdicts.values()].map((v) => v.fix).filter((f): f is string => Boolean(f));
    const where = [...new Set(candidates.map((c) => c.read.scope.runner))].join(' or ');
    return {
      result: result(
        'fail',
        `${candidates.length} ${where}(s) carry ${named} but no runner ${terms.pool} lets ${repo.fullName} use them`,
        fixes.join('; or ') || terms.fix.unserved(label, repo.fullName),
      ),
      usable: [],
      known: true,
    };
  }
  const unreadable = reads.find((r) => !r.runners.ok);
  if (unreadable && !unreadable.runners.ok) {
    const readable = reads.filter((r) => r.runners.ok && r.runners.value).map((r) => r.scope.runner);
    return {
      result: result(
        'warn',
        `cannot list ${unreadable.scope.whose} runners (HTTP ${unreadable.runners.status})${readable.length ? `; no ${readable.join(' or ')} has the ${terms.label}` : ''}`,
        terms.fix.readRunners,
      ),
      usable: [],
      known: false,
    };
  }
  if (idlePoolsListed) {
    return {
      result: result(
        'fail',
        `no runner with ${named} is available to ${repo.fullName}`,
        terms.fix.noRunner(label, repo.fullName),
      ),
      usable: [],
      known: true,
    };
  }
  return {
    result: result(
      'warn',
      `no runner carries ${named} right now; a runner scale set scaled to zero lists no runners, so recent jobs decide`,
      terms.fix.noRunner(label, repo.fullName),
    ),
    usable: [],
    known: false,
  };
}

function describe(r: ForgeRunner, terms: ForgeTerms): string {
  const state = [r.status, ...(r.busy ? ['busy'] : []), ...(r.paused ? ['paused'] : [])].join(', ');
  const labels = r.labels.join(',') || '—';
  return `#${r.id} ${r.name} (${r.pool}): ${state}, ${terms.label}s ${labels}${r.notes.map((n) => `, ${n}`).join('')}`;
}
