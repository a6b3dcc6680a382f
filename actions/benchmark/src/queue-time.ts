import { FlywheelError } from '@gloriousflywheel/shared';
import { type ForgeJob, type ForgeSource, toForgeError } from '@gloriousflywheel/shared/forge';

/** How long this job waited and took to start, from the forge's own record of it. */
export interface JobTiming {
  source: 'github' | 'gitlab';
  jobId: number;
  createdAt: string;
  /** GitHub: the first step's start ("Set up job"); GitLab: started_at. */
  startedAt: string | null;
  /** Seconds from creation to start (GitHub: steps[0].started_at − created_at; GitLab: queued_duration). */
  queueSeconds: number | null;
  /** The API's own started_at − created_at, kept as a cross-check (its meaning varies, see the docs). */
  apiStartedMinusCreatedSeconds: number | null;
  /** "Set up job" duration (GitHub). */
  setupSeconds: number | null;
  runnerName: string | null;
  labels: string[];
  /** The API gives whole seconds, so every figure above is ± this. */
  precisionSeconds: number;
}

export interface JobQuery {
  /** `owner/repo` or `group/project`. */
  repository: string;
  /** The exact job (GitHub `${{ job.check_run_id }}`, GitLab `CI_JOB_ID`); else found by runner. */
  jobId?: number;
  /** Without a job id: the run whose in-progress job on `runnerName` is ours. */
  runId?: number;
  runnerName?: string;
}

const PERMISSION = {
  github: 'the token needs `actions: read`',
  gitlab: 'the job token must be able to read this job',
};

const seconds = (from: string | null, to: string | null) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

function timing(forge: ForgeSource['forge'], job: ForgeJob): JobTiming {
  return {
    source: forge,
    jobId: job.id,
    createdAt: job.createdAt,
    startedAt: job.pickedUpAt,
    queueSeconds: job.queueSeconds,
    apiStartedMinusCreatedSeconds: seconds(job.createdAt, job.startedAt),
    setupSeconds: job.setupSeconds,
    runnerName: job.runnerName,
    labels: job.labels,
    precisionSeconds: 1,
  };
}

/** Finds this job through the forge's API and reads its timing. */
export async function readJobTiming(source: ForgeSource, q: JobQuery): Promise<JobTiming> {
  const forgeName = source.forge === 'github' ? 'GitHub' : 'GitLab';
  try {
    if (q.jobId) return timing(source.forge, await source.job(q.repository, q.jobId));
    if (!q.runId)
      throw new FlywheelError(
        'INPUT_INVALID',
        'neither a job id nor a run id is known, so the job cannot be found',
      );
    const jobs = await source.runJobs(q.repository, q.runId);
    // As the runner reports it: the one in-progress job on this runner is ours.
    const mine = jobs.find((j) => j.state === 'running' && q.runnerName && j.runnerName === q.runnerName);
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
    return timing(source.forge, mine);
  } catch (error) {
    throw toForgeError(error, `reading this job's timing from ${forgeName}`, PERMISSION[source.forge]);
  }
}
