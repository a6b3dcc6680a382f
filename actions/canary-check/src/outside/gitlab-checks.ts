import { formatDuration } from '@gloriousflywheel/shared';
import { errorStatus, GITLAB_PER_PAGE, type GitLabClient } from '@gloriousflywheel/shared/forge';
import { quantile } from '@gloriousflywheel/shared/stats';
import { type CheckResult, check } from '../checks';
import { CHECK_TITLES, type OutsideOptions } from './github-checks';
import { gitlabJobsUsingTag } from './workflow-labels';

interface GitLabRunnerView {
  id: number;
  description: string;
  type: string;
  online: boolean;
  status: string;
  paused: boolean;
  locked: boolean;
  runUntagged: boolean;
  tags: string[];
}

/**
 * The GitLab side of the outside checks: the project is readable, runners available to it
 * (project, group and instance runners) carry the tag and are online and not paused, and recent
 * jobs with the tag got a runner (with their `queued_duration`).
 */
export async function checkGitLabProject(
  gl: GitLabClient,
  path: string,
  options: OutsideOptions,
): Promise<CheckResult[]> {
  const subject = (label: string) => `${path} × ${label}`;
  let project: {
    id: number;
    path_with_namespace: string;
    visibility?: string;
    shared_runners_enabled?: boolean;
    default_branch?: string;
  };
  try {
    project = (await gl.Projects.show(path)) as unknown as typeof project;
  } catch (error) {
    const status = errorStatus(error);
    if (status === undefined || status >= 500) throw error;
    return options.labels.flatMap((label) => [
      check(
        'repo-access',
        CHECK_TITLES['repo-access'],
        subject(label),
        'fail',
        `cannot read project ${path} (HTTP ${status})`,
        [],
        `check the project path and give the token read_api on ${path}`,
      ),
      ...(['runner-visibility', 'capacity', 'recent-jobs', 'workflow-labels'] as const).map((id) =>
        check(id, CHECK_TITLES[id], subject(label), 'skip', 'skipped: the project cannot be read'),
      ),
    ]);
  }
  const jobs = (await gl.Jobs.all(project.id, {
    perPage: GITLAB_PER_PAGE,
    maxPages: Math.max(1, Math.ceil(options.maxRuns / 10)),
  })) as unknown as Array<{
    status: string;
    tag_list: string[];
    created_at: string;
    queued_duration: number | null;
    runner: { id: number } | null;
  }>;
  const ciFile = options.checkWorkflows
    ? await readCiFile(gl, project.id, project.default_branch)
    : undefined;
  const results: CheckResult[] = [];
  for (const label of options.labels) {
    results.push(
      check(
        'repo-access',
        CHECK_TITLES['repo-access'],
        subject(label),
        'pass',
        `${project.path_with_namespace} is readable (${project.visibility ?? 'unknown visibility'})`,
        [`shared runners enabled: ${project.shared_runners_enabled ?? 'unknown'}`],
      ),
    );
    const listed = (await gl.Runners.all({
      projectId: project.id,
      tagList: [label],
      perPage: GITLAB_PER_PAGE,
    } as never)) as unknown as Array<{ id: number }>;
    const runners: GitLabRunnerView[] = [];
    for (const r of listed) {
      const d = (await gl.Runners.show(r.id)) as unknown as Record<string, unknown>;
      runners.push({
        id: r.id,
        description: String(d['description'] ?? ''),
        type: String(d['runner_type'] ?? ''),
        online: d['online'] === true,
        status: String(d['status'] ?? ''),
        paused: d['paused'] === true,
        locked: d['locked'] === true,
        runUntagged: d['run_untagged'] === true,
        tags: (d['tag_list'] as string[] | undefined) ?? [],
      });
    }
    const usable = runners.filter((r) => r.tags.includes(label) && !r.paused);
    const evidence = runners.map(
      (r) =>
        `#${r.id} ${r.description} (${r.type}): ${r.status}${r.paused ? ', paused' : ''}${r.locked ? ', locked' : ''}, tags ${r.tags.join(',') || '—'}, run_untagged ${r.runUntagged}`,
    );
    if (usable.length) {
      results.push(
        check(
          'runner-visibility',
          CHECK_TITLES['runner-visibility'],
          subject(label),
          'pass',
          `${usable.length} runner(s) with tag "${label}" are available to the project`,
          evidence,
        ),
      );
    } else if (runners.length) {
      results.push(
        check(
          'runner-visibility',
          CHECK_TITLES['runner-visibility'],
          subject(label),
          'fail',
          `runners with tag "${label}" exist but all are paused`,
          evidence,
          "resume (unpause) a runner with the tag in the project's or group's CI/CD settings",
        ),
      );
    } else {
      results.push(
        check(
          'runner-visibility',
          CHECK_TITLES['runner-visibility'],
          subject(label),
          'fail',
          `no runner with tag "${label}" is available to ${path}`,
          [],
          `register a runner with the tag "${label}" for the project or its group, or enable instance runners for the project`,
        ),
      );
    }
    const online = usable.filter((r) => r.online);
    results.push(
      usable.length === 0
        ? check('capacity', CHECK_TITLES.capacity, subject(label), 'skip', 'no usable runner')
        : online.length
          ? check(
              'capacity',
              CHECK_TITLES.capacity,
              subject(label),
              'pass',
              `${online.length} of ${usable.length} usable runner(s) online`,
              [],
            )
          : check(
              'capacity',
              CHECK_TITLES.capacity,
              subject(label),
              'fail',
              `none of ${usable.length} usable runner(s) is online`,
              [],
              'check the runner deployment in the gitlab-runners namespace',
            ),
    );
    const mine = jobs.filter((j) => j.tag_list.includes(label));
    const waits = mine.map((j) => j.queued_duration).filter((q): q is number => typeof q === 'number');
    const pending = mine.filter((j) => j.status === 'pending' && !j.runner);
    const longest = Math.max(
      0,
      ...pending.map((j) => (options.now.getTime() - Date.parse(j.created_at)) / 1000),
    );
    const jobEvidence = [
      `jobs: ${mine.length}, pending: ${pending.length}`,
      waits.length
        ? `queued_duration p50 ${formatDuration(quantile(waits, 0.5) * 1000)}, p95 ${formatDuration(quantile(waits, 0.95) * 1000)}`
        : 'no queued_duration yet',
    ];
    if (mine.length === 0) {
      results.push(
        check(
          'recent-jobs',
          CHECK_TITLES['recent-jobs'],
          subject(label),
          'warn',
          `no recent job asked for tag "${label}"`,
          jobEvidence,
          `run a pipeline with a job tagged "${label}"`,
        ),
      );
    } else if (pending.length && longest * 1000 > options.maxQueueMs) {
      results.push(
        check(
          'recent-jobs',
          CHECK_TITLES['recent-jobs'],
          subject(label),
          'fail',
          `${pending.length} job(s) pending for up to ${formatDuration(longest * 1000)}`,
          jobEvidence,
          'no runner takes these jobs: check runner tags, paused state and run_untagged',
        ),
      );
    } else if (waits.length && quantile(waits, 0.95) * 1000 > options.queueTargetMs) {
      results.push(
        check(
          'recent-jobs',
          CHECK_TITLES['recent-jobs'],
          subject(label),
          'warn',
          'queue wait p95 above target',
          jobEvidence,
          'add runner replicas (HPA max) for the tag',
        ),
      );
    } else {
      results.push(
        check(
          'recent-jobs',
          CHECK_TITLES['recent-jobs'],
          subject(label),
          'pass',
          `${mine.length} job(s) with tag "${label}" ran`,
          jobEvidence,
        ),
      );
    }
    results.push(ciTagCheck(subject(label), label, ciFile));
  }
  return results;
}

type CiFile = { ok: true; text: string } | { ok: false; status: number | undefined };

async function readCiFile(gl: GitLabClient, projectId: number, ref = 'main'): Promise<CiFile> {
  try {
    const raw = await gl.RepositoryFiles.showRaw(projectId, '.gitlab-ci.yml', ref);
    return { ok: true, text: typeof raw === 'string' ? raw : await (raw as Blob).text() };
  } catch (error) {
    const status = errorStatus(error);
    if (status === undefined || status >= 500) throw error;
    return { ok: false, status };
  }
}

/** Check 5 on GitLab: the project's .gitlab-ci.yml asks for the tag. */
function ciTagCheck(subject: string, label: string, file: CiFile | undefined): CheckResult {
  const id = 'workflow-labels';
  const title = CHECK_TITLES[id];
  if (!file) return check(id, title, subject, 'skip', 'not checked (check-workflows: false)');
  if (!file.ok) {
    return file.status === 404
      ? check(
          id,
          title,
          subject,
          'warn',
          'the project has no .gitlab-ci.yml on its default branch',
          [],
          `add jobs with tags: [${label}]`,
        )
      : check(
          id,
          title,
          subject,
          'warn',
          `cannot read .gitlab-ci.yml (HTTP ${file.status})`,
          [],
          'give the token read_repository (or read_api)',
        );
  }
  const { jobs, includes } = gitlabJobsUsingTag(file.text, label);
  if (jobs.length > 0) {
    return check(
      id,
      title,
      subject,
      'pass',
      `${jobs.length} job(s) in .gitlab-ci.yml ask for tag "${label}"`,
      jobs,
    );
  }
  return check(
    id,
    title,
    subject,
    'warn',
    `no job in .gitlab-ci.yml asks for tag "${label}"${includes ? ' (its included files are not read here)' : ''}`,
    [],
    `add tags: [${label}] to the jobs that should run on the platform (or to default:)`,
  );
}
