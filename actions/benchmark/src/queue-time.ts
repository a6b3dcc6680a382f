import { FlywheelError } from '@gloriousflywheel/shared';
import { type GitHubClient, type GitLabClient, toForgeError } from '@gloriousflywheel/shared/forge';

/** How long this job waited and took to start, from the forge's own record of it. */
export interface JobTiming {
  source: 'github' | 'gitlab';
  jobId: number;
  createdAt: string;
  /** GitHub: the first step's start ("Set up job"); GitLab: started_at. */
  startedAt: string | null;
  /** Seconds from creation to start (GitHub: steps[0].started_at − created_at; GitLab: queued_duration). */
  queueSeconds: number | null;
  /** GitHub's own started_at − created_at, kept as a cross-check (its meaning varies, see the docs). */
  apiStartedMinusCreatedSeconds: number | null;
  /** "Set up job" duration (GitHub). */
  setupSeconds: number | null;
  runnerName: string | null;
  labels: string[];
  /** The API gives whole seconds, so every figure above is ± this. */
  precisionSeconds: number;
}

const seconds = (from: string | null | undefined, to: string | null | undefined) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

interface GitHubJob {
  id: number;
  created_at: string;
  started_at: string;
  runner_name: string | null;
  labels: string[];
  status: string;
  steps?: { started_at?: string | null; completed_at?: string | null }[];
}

function fromGitHubJob(job: GitHubJob): JobTiming {
  const first = job.steps?.[0];
  const firstStart = first?.started_at ?? null;
  return {
    source: 'github',
    jobId: job.id,
    createdAt: job.created_at,
    startedAt: firstStart,
    queueSeconds: seconds(job.created_at, firstStart),
    apiStartedMinusCreatedSeconds: seconds(job.created_at, job.started_at),
    setupSeconds: seconds(first?.started_at, first?.completed_at),
    runnerName: job.runner_name,
    labels: job.labels,
    precisionSeconds: 1,
  };
}

export interface GitHubJobQuery {
  owner: string;
  repo: string;
  /** `${{ job.check_run_id }}`, the exact job; otherwise the run's in-progress job on this runner. */
  jobId?: number;
  runId?: number;
  runnerName?: string;
}

/** Finds this job through the GitHub API and reads its timing. */
export async function githubJobTiming(client: GitHubClient, q: GitHubJobQuery): Promise<JobTiming> {
  try {
    if (q.jobId) {
      const { data } = await client.rest.actions.getJobForWorkflowRun({
        owner: q.owner,
        repo: q.repo,
        job_id: q.jobId,
      });
      return fromGitHubJob(data as GitHubJob);
    }
    if (!q.runId)
      throw new FlywheelError(
        'INPUT_INVALID',
        'neither a job id nor a run id is known, so the job cannot be found',
      );
    const jobs = (await client.paginate(client.rest.actions.listJobsForWorkflowRun, {
      owner: q.owner,
      repo: q.repo,
      run_id: q.runId,
      per_page: 100,
    })) as GitHubJob[];
    // As the runner reports it: the one in-progress job on this runner is ours.
    const mine = jobs.find(
      (j) => j.status === 'in_progress' && q.runnerName && j.runner_name === q.runnerName,
    );
    if (!mine) {
      throw new FlywheelError(
        'NOT_FOUND',
        `no in-progress job of run ${q.runId} runs on runner ${q.runnerName ?? '(unknown)'}`,
        {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
          hint: 'pass `job-id: ${{ job.check_run_id }}` to name the job exactly',
        },
      );
    }
    return fromGitHubJob(mine);
  } catch (error) {
    throw toForgeError(error, "reading this job's timing from GitHub", 'the token needs `actions: read`');
  }
}

/** Reads this job's timing from GitLab (`queued_duration` counts from when it became pending). */
export async function gitlabJobTiming(
  client: GitLabClient,
  projectId: string | number,
  jobId: number,
): Promise<JobTiming> {
  try {
    const job = (await client.Jobs.show(projectId, jobId)) as unknown as {
      id: number;
      created_at: string;
      started_at: string | null;
      queued_duration: number | null;
      tag_list?: string[];
      runner?: { description?: string } | null;
    };
    return {
      source: 'gitlab',
      jobId: job.id,
      createdAt: job.created_at,
      startedAt: job.started_at,
      queueSeconds: job.queued_duration ?? seconds(job.created_at, job.started_at),
      apiStartedMinusCreatedSeconds: seconds(job.created_at, job.started_at),
      setupSeconds: null,
      runnerName: job.runner?.description ?? null,
      labels: job.tag_list ?? [],
      precisionSeconds: 1,
    };
  } catch (error) {
    throw toForgeError(
      error,
      "reading this job's timing from GitLab",
      'the job token must be able to read this job',
    );
  }
}
