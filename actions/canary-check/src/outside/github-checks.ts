import { formatDuration } from '@gloriousflywheel/shared';
import { type CheckResult, check } from '../checks';
import type { Access, GitHubSource, JobInfo, RepoInfo, RunnerInfo, WorkflowFile } from './github-source';
import { type GroupVerdict, judgeGroup } from './group-access';
import { queueStats } from './queue-stats';
import { workflowsUsingLabel } from './workflow-labels';

export interface OutsideOptions {
  labels: string[];
  maxRuns: number;
  since: Date;
  now: Date;
  checkWorkflows: boolean;
  /** A job waiting longer than this for a runner fails check 4. */
  maxQueueMs: number;
  /** The platform's queue-time target at peak; a p95 above it warns. */
  queueTargetMs: number;
}

export const CHECK_TITLES = {
  'repo-access': 'repository',
  'runner-visibility': 'runners visible',
  capacity: 'capacity',
  'recent-jobs': 'recent jobs',
  'workflow-labels': 'workflows use label',
} as const;

const ORG_RUNNER_PERMISSION =
  'use a token that may read the organization\'s self-hosted runners (GitHub App permission "Self-hosted runners: read" on the organization, or a classic token with admin:org read)';

const s = (ms: number) => formatDuration(ms);

/** Runs checks 1–5 for one repository and every label. Org data comes from the shared source. */
export async function checkGitHubRepository(
  source: GitHubSource,
  owner: string,
  name: string,
  options: OutsideOptions,
): Promise<CheckResult[]> {
  const full = `${owner}/${name}`;
  const subject = (label: string) => `${full} × ${label}`;
  const repoAccess = await source.repo(owner, name);
  if (!repoAccess.ok) {
    const status = repoAccess.status;
    const fix =
      status === 404
        ? `check the name ${full}; if it is right, the token cannot see it: install the GitHub App on ${full} (or grant the token access to it)`
        : status === 401
          ? 'the token was rejected: check that it is set and not expired'
          : `grant the token read access to ${full} (contents: read, metadata: read)`;
    return options.labels.flatMap((label) => [
      check(
        'repo-access',
        CHECK_TITLES['repo-access'],
        subject(label),
        'fail',
        `cannot read ${full} (HTTP ${status})`,
        [repoAccess.message],
        fix,
      ),
      ...(['runner-visibility', 'capacity', 'recent-jobs', 'workflow-labels'] as const).map((id) =>
        check(id, CHECK_TITLES[id], subject(label), 'skip', 'skipped: the repository cannot be read'),
      ),
    ]);
  }
  const repo = repoAccess.value;
  const [repoRunners, orgRunners, orgGroups, jobs, workflows] = await Promise.all([
    source.repoRunners(owner, name),
    source.orgRunners(owner),
    source.orgGroups(owner),
    source.recentJobs(owner, name, options.maxRuns, options.since),
    options.checkWorkflows ? source.workflowFiles(owner, name) : Promise.resolve(undefined),
  ]);
  const results: CheckResult[] = [];
  for (const label of options.labels) {
    results.push(
      check(
        'repo-access',
        CHECK_TITLES['repo-access'],
        subject(label),
        'pass',
        `${full} is readable (${repo.private ? 'private' : 'public'}${repo.archived ? ', archived' : ''})`,
        [`default branch ${repo.defaultBranch}`],
      ),
    );
    const visible = await visibility(source, repo, label, repoRunners, orgRunners, orgGroups);
    results.push({ ...visible.result, subject: subject(label) });
    results.push({ ...capacity(label, visible.serving, visible.known), subject: subject(label) });
    results.push({ ...recentJobs(label, jobs, options), subject: subject(label) });
    results.push({ ...workflowLabels(repo, label, workflows), subject: subject(label) });
  }
  return results;
}

interface Visibility {
  result: CheckResult;
  /** Runners carrying the label that this repository may use. */
  serving: RunnerInfo[];
  /** Whether the runner lists could be read at all. */
  known: boolean;
}

async function visibility(
  source: GitHubSource,
  repo: RepoInfo,
  label: string,
  repoRunners: Access<RunnerInfo[]>,
  orgRunners: Access<RunnerInfo[]>,
  orgGroups: Access<Awaited<ReturnType<GitHubSource['orgGroups']>> extends Access<infer G> ? G : never>,
): Promise<Visibility> {
  const id = 'runner-visibility';
  const title = CHECK_TITLES[id];
  const has = (r: RunnerInfo) => r.labels.includes(label);
  const evidence: string[] = [];
  const repoLevel = repoRunners.ok ? repoRunners.value.filter(has) : [];
  if (repoRunners.ok) evidence.push(`repo-level runners with the label: ${repoLevel.length}`);
  else evidence.push(`repo-level runners unreadable (HTTP ${repoRunners.status})`);

  // A user account has no org runners: GitHub answers 404 for /orgs/<user>.
  const orgIsUser = !orgRunners.ok && orgRunners.status === 404;
  const orgLevel = orgRunners.ok ? orgRunners.value.filter(has) : [];
  if (orgRunners.ok)
    evidence.push(`org runners with the label: ${orgLevel.length} of ${orgRunners.value.length}`);
  else if (!orgIsUser) evidence.push(`org runners unreadable (HTTP ${orgRunners.status})`);

  const verdicts: GroupVerdict[] = [];
  if (orgLevel.length && orgGroups.ok) {
    const groupIds = [...new Set(orgLevel.map((r) => r.groupId))];
    for (const groupId of groupIds) {
      const group = orgGroups.value.find((g) => g.id === groupId);
      if (!group) continue;
      const selected =
        group.visibility === 'selected' ? await source.groupRepositories(repo.owner, group.id) : undefined;
      verdicts.push(judgeGroup(group, repo, selected?.ok ? selected.value : undefined));
    }
  }
  for (const v of verdicts) evidence.push(v.reason);
  const servingGroups = verdicts.filter((v) => v.serves);
  const serving = [
    ...repoLevel,
    ...orgLevel.filter((r) => servingGroups.some((v) => v.group.id === r.groupId)),
  ];

  if (repoLevel.length || servingGroups.length) {
    const via = [
      ...(repoLevel.length ? [`${repoLevel.length} repo-level runner(s)`] : []),
      ...servingGroups.map(
        (v) => `group "${v.group.name}"${v.onlyWorkflows ? ` (only ${v.onlyWorkflows.join(', ')})` : ''}`,
      ),
    ];
    const partial = servingGroups.some((v) => v.onlyWorkflows) && !repoLevel.length;
    return {
      result: check(
        id,
        title,
        '',
        partial ? 'warn' : 'pass',
        `served by ${via.join(' and ')}`,
        evidence,
        partial
          ? 'only the listed workflows may use the group: add any other workflow that needs the label'
          : undefined,
      ),
      serving,
      known: true,
    };
  }
  if (orgLevel.length && !orgGroups.ok) {
    return {
      result: check(
        id,
        title,
        '',
        'warn',
        `runner groups unreadable (HTTP ${orgGroups.status}): cannot tell which group serves the repo`,
        evidence,
        ORG_RUNNER_PERMISSION,
      ),
      serving: orgLevel,
      known: false,
    };
  }
  if (orgLevel.length) {
    const fixes = verdicts.map((v) => v.fix).filter((f): f is string => Boolean(f));
    return {
      result: check(
        id,
        title,
        '',
        'fail',
        `${orgLevel.length} org runner(s) carry "${label}" but no runner group lets ${repo.fullName} use them`,
        evidence,
        fixes.join('; or ') || `make a runner group with "${label}" runners available to ${repo.fullName}`,
      ),
      serving: [],
      known: true,
    };
  }
  if (!orgRunners.ok && !orgIsUser && !repoLevel.length) {
    return {
      result: check(
        id,
        title,
        '',
        'warn',
        `cannot list the org's runners (HTTP ${orgRunners.status}); no repo-level runner has the label`,
        evidence,
        ORG_RUNNER_PERMISSION,
      ),
      serving: [],
      known: false,
    };
  }
  return {
    result: check(
      id,
      title,
      '',
      'warn',
      `no runner carries "${label}" right now; a runner scale set scaled to zero lists no runners, so recent jobs decide`,
      evidence,
      `check the label is spelled as the scale set publishes it, and that the scale set's runner group serves ${repo.fullName}; run a job with runs-on: ${label} to prove it`,
    ),
    serving: [],
    known: false,
  };
}

function capacity(label: string, serving: RunnerInfo[], known: boolean): CheckResult {
  const id = 'capacity';
  const title = CHECK_TITLES[id];
  const online = serving.filter((r) => r.status === 'online');
  const busy = online.filter((r) => r.busy);
  const idle = online.length - busy.length;
  const evidence = [
    `runners: ${serving.length}, online: ${online.length}, busy: ${busy.length}, idle: ${idle}`,
  ];
  if (serving.length === 0) {
    return check(
      id,
      title,
      '',
      'warn',
      known
        ? 'no runners listed (scaled to zero?): capacity is proven by recent jobs only'
        : 'no runners listed for the label: relying on recent jobs',
      evidence,
      `if the scale set for "${label}" should keep a warm pool, raise its minRunners; otherwise check recent jobs got a runner`,
    );
  }
  if (online.length === 0) {
    return check(
      id,
      title,
      '',
      'fail',
      `${serving.length} runner(s) with "${label}", none online`,
      evidence,
      'check the runner pods and the scale set listener; offline runners never pick up jobs',
    );
  }
  if (idle === 0) {
    return check(
      id,
      title,
      '',
      'warn',
      `all ${online.length} online runner(s) are busy: new jobs will queue`,
      evidence,
      `raise maxRunners of the "${label}" scale set, or add overflow capacity`,
    );
  }
  return check(id, title, '', 'pass', `${idle} idle of ${online.length} online runner(s)`, evidence);
}

function recentJobs(label: string, jobs: Access<JobInfo[]>, options: OutsideOptions): CheckResult {
  const id = 'recent-jobs';
  const title = CHECK_TITLES[id];
  if (!jobs.ok) {
    return check(
      id,
      title,
      '',
      'warn',
      `cannot read workflow runs (HTTP ${jobs.status})`,
      [jobs.message],
      'grant the token actions: read on the repository',
    );
  }
  const mine = jobs.value.filter((j) => j.labels.includes(label));
  if (mine.length === 0) {
    return check(
      id,
      title,
      '',
      'warn',
      `no job in the last ${options.maxRuns} run(s) asked for "${label}"`,
      [`jobs seen: ${jobs.value.length}`],
      `run a workflow with runs-on: ${label} (for example the platform-proof workflow) to prove the lane`,
    );
  }
  const stats = queueStats(mine, options.now);
  const evidence = [
    `jobs: ${stats.jobs}, got a runner: ${stats.assigned}, waiting: ${stats.waiting}`,
    `queue wait p50 ${stats.p50Seconds === null ? 'n/a' : s(stats.p50Seconds * 1000)}, p95 ${stats.p95Seconds === null ? 'n/a' : s(stats.p95Seconds * 1000)}`,
    `succeeded: ${stats.succeeded}, failed: ${stats.failed}`,
  ];
  if (stats.waiting > 0 && stats.longestWaitSeconds * 1000 > options.maxQueueMs) {
    return check(
      id,
      title,
      '',
      'fail',
      `${stats.waiting} job(s) waiting for "${label}", the longest for ${s(stats.longestWaitSeconds * 1000)}: no runner picks them up`,
      evidence,
      `a job that never starts means no runner with "${label}" may serve this repository: fix the runner group (check 2) or the scale set's listener`,
    );
  }
  if (stats.assigned === 0) {
    return check(
      id,
      title,
      '',
      'warn',
      `${stats.jobs} job(s) asked for "${label}", none got a runner yet`,
      evidence,
      'wait for the queued jobs or check the scale set listener',
    );
  }
  if (stats.p95Seconds !== null && stats.p95Seconds * 1000 > options.queueTargetMs) {
    return check(
      id,
      title,
      '',
      'warn',
      `queue wait p95 ${s(stats.p95Seconds * 1000)} is above the ${s(options.queueTargetMs)} target`,
      evidence,
      `add capacity for "${label}" (maxRunners, a warm pool via minRunners) or spread jobs over time`,
    );
  }
  return check(
    id,
    title,
    '',
    'pass',
    `${stats.assigned} job(s) got a runner; queue wait p50 ${s((stats.p50Seconds ?? 0) * 1000)}, p95 ${s((stats.p95Seconds ?? 0) * 1000)}`,
    evidence,
  );
}

function workflowLabels(
  repo: RepoInfo,
  label: string,
  files: Access<WorkflowFile[]> | undefined,
): CheckResult {
  const id = 'workflow-labels';
  const title = CHECK_TITLES[id];
  if (!files) return check(id, title, '', 'skip', 'not checked (check-workflows: false)');
  if (!files.ok) {
    if (files.status === 404) {
      return check(
        id,
        title,
        '',
        'warn',
        `${repo.fullName} has no .github/workflows folder`,
        [],
        `add a workflow with runs-on: ${label}`,
      );
    }
    return check(
      id,
      title,
      '',
      'warn',
      `cannot read workflow files (HTTP ${files.status})`,
      [files.message],
      'grant the token contents: read',
    );
  }
  const using = workflowsUsingLabel(files.value, label);
  if (using.length === 0) {
    return check(
      id,
      title,
      '',
      'warn',
      `none of ${files.value.length} workflow file(s) asks for "${label}"`,
      files.value.map((f) => f.path),
      `set runs-on: ${label} (or [self-hosted, ${label}]) on the jobs that should run on the platform`,
    );
  }
  return check(
    id,
    title,
    '',
    'pass',
    `${using.length} workflow file(s) ask for "${label}"`,
    using.map((u) => `${u.path}: ${u.jobs.join(', ')}`),
  );
}
