import { fakeSha, minimalRepoObject, userObject } from '../model';
import type { GitHubRoute } from '../router';
import type { Job, Repo, Run } from '../state';

function runObject(base: string, repo: Repo, run: Run): unknown {
  const full = `${repo.owner}/${repo.name}`;
  const api = `${base}/repos/${full}/actions/runs/${run.id}`;
  const headSha = run.headSha ?? fakeSha(`${full}:${run.id}`);
  const minimal = minimalRepoObject(base, repo);
  const workflowPath = run.path ?? '.github/workflows/ci.yml';
  return {
    id: run.id,
    name: run.name ?? 'CI',
    node_id: Buffer.from(`WorkflowRun${run.id}`).toString('base64'),
    head_branch: run.headBranch ?? repo.defaultBranch,
    head_sha: headSha,
    path: workflowPath,
    display_title: run.name ?? 'CI',
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event ?? 'push',
    status: run.status ?? 'completed',
    conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
    workflow_id: 1,
    check_suite_id: run.id,
    url: api,
    html_url: `${base}/${full}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.createdAt,
    run_started_at: run.createdAt,
    actor: userObject(base, 'octo-dev', 7, 'User'),
    triggering_actor: userObject(base, 'octo-dev', 7, 'User'),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${base}/repos/${full}/check-suites/${run.id}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    workflow_url: `${base}/repos/${full}/actions/workflows/1`,
    head_commit: null,
    repository: minimal,
    head_repository: minimal,
  };
}

function jobObject(base: string, repo: Repo, run: Run, job: Job): unknown {
  const full = `${repo.owner}/${repo.name}`;
  const status = job.status ?? 'completed';
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${base}/repos/${full}/actions/runs/${run.id}`,
    run_attempt: 1,
    node_id: Buffer.from(`CheckRun${job.id}`).toString('base64'),
    head_sha: run.headSha ?? fakeSha(`${full}:${run.id}`),
    url: `${base}/repos/${full}/actions/jobs/${job.id}`,
    html_url: `${base}/${full}/actions/runs/${run.id}/job/${job.id}`,
    status,
    conclusion: job.conclusion === undefined ? (status === 'completed' ? 'success' : null) : job.conclusion,
    created_at: job.createdAt,
    // GitHub sets started_at when the job is queued, equal to created_at (see the reference).
    started_at: job.startedAt ?? job.createdAt,
    completed_at: job.completedAt === undefined ? null : job.completedAt,
    name: job.name,
    steps: (job.steps ?? []).map((s, i) => ({
      name: s.name,
      status: s.status ?? 'completed',
      conclusion: s.conclusion === undefined ? 'success' : s.conclusion,
      number: i + 1,
      started_at: s.startedAt ?? null,
      completed_at: s.completedAt ?? null,
    })),
    check_run_url: `${base}/repos/${full}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: job.runnerId ?? null,
    runner_name: job.runnerName ?? null,
    runner_group_id: job.runnerGroupId ?? null,
    runner_group_name: job.runnerGroupName ?? null,
    workflow_name: run.name ?? 'CI',
    head_branch: run.headBranch ?? repo.defaultBranch,
  };
}

/** Newest first, filtered by the query parameters GitHub documents for listing runs. */
function filterRuns(runs: Run[], query: URLSearchParams): Run[] {
  let out = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  const status = query.get('status');
  if (status) out = out.filter((r) => (r.status ?? 'completed') === status || r.conclusion === status);
  const event = query.get('event');
  if (event) out = out.filter((r) => (r.event ?? 'push') === event);
  const branch = query.get('branch');
  if (branch) out = out.filter((r) => r.headBranch === branch);
  const created = query.get('created');
  if (created?.startsWith('>=')) out = out.filter((r) => r.createdAt >= created.slice(2));
  else if (created?.includes('..')) {
    // GitHub's search date range `from..to`, both ends included.
    const [lo = '', hi = ''] = created.split('..');
    out = out.filter((r) => (lo === '*' || r.createdAt >= lo) && (hi === '*' || r.createdAt <= hi));
  }
  // "This API will return up to 1,000 results for each search when using … created …" (GitHub REST docs).
  if (
    ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'].some((k) => query.has(k))
  )
    out = out.slice(0, 1000);
  return out;
}

/** A repository's workflow runs, one run, its jobs, and one job. */
export const workflowRunRoutes: GitHubRoute[] = [
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/,
    handle(req, [, owner, name]) {
      const route = '/repos/{owner}/{repo}/actions/runs';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      const runs = filterRuns(repo.runs, req.url.searchParams);
      req.list(route, 'workflow_runs', runs, (r) => runObject(req.base, repo, r));
    },
  },
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(\/jobs)?$/,
    handle(req, [, owner, name, id, jobs]) {
      const route = `/repos/{owner}/{repo}/actions/runs/{run_id}${jobs ?? ''}`;
      const repo = req.readableRepo(owner!, name!);
      const run = repo?.runs.find((r) => r.id === Number(id));
      if (!repo || !run) return req.notFound(route);
      if (!jobs) return req.ok(route, runObject(req.base, repo, run));
      req.list(route, 'jobs', run.jobs, (j) => jobObject(req.base, repo, run, j));
    },
  },
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/actions\/jobs\/(\d+)$/,
    handle(req, [, owner, name, id]) {
      const route = '/repos/{owner}/{repo}/actions/jobs/{job_id}';
      const repo = req.readableRepo(owner!, name!);
      const run = repo?.runs.find((r) => r.jobs.some((j) => j.id === Number(id)));
      if (!repo || !run) return req.notFound(route);
      req.ok(route, jobObject(req.base, repo, run, run.jobs.find((j) => j.id === Number(id))!));
    },
  },
];
