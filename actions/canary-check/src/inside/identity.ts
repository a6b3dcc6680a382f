import { arch, hostname, platform } from 'node:os';
import type { RunContext } from '@gloriousflywheel/shared';
import type { GitHubClient } from '@gloriousflywheel/shared/forge';
import { type CheckResult, check } from '../checks';

export interface IdentityOptions {
  context: RunContext;
  expectedLabels: string[];
  /** With a job id and a client, the job's labels and runner group are read from the API. */
  jobId?: string;
  github?: GitHubClient;
}

/** Who is running this job: runner name, labels, OS/arch, hostname, the repository and org. */
export async function checkIdentity(options: IdentityOptions): Promise<CheckResult> {
  const ctx = options.context;
  const [owner, repo] = (ctx.repository ?? '').split('/');
  const evidence = [
    `runner: ${ctx.runnerName ?? 'unknown'}`,
    `os/arch: ${ctx.runnerOs ?? platform()}/${ctx.runnerArch ?? arch()}`,
    `hostname: ${hostname()}`,
    `repository: ${ctx.repository ?? 'unknown'}${owner ? ` (org ${owner})` : ''}`,
  ];
  if (!options.jobId || !options.github || !owner || !repo) {
    return check(
      'runner-identity',
      'runner identity',
      'runner',
      'pass',
      `running on ${ctx.runnerName ?? hostname()}`,
      evidence,
    );
  }
  try {
    const { data } = await options.github.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
      owner,
      repo,
      job_id: Number(options.jobId),
    });
    evidence.push(
      `job labels: ${data.labels.join(', ')}`,
      `runner group: ${data.runner_group_name ?? 'none'}`,
    );
    if (data.runner_group_id === 0) {
      return check(
        'runner-identity',
        'runner identity',
        'runner',
        'fail',
        'this job runs on a GitHub-hosted runner, not on the platform',
        evidence,
        `set runs-on: ${options.expectedLabels[0] ?? '<label>'}`,
      );
    }
    const missing = options.expectedLabels.filter((l) => !data.labels.includes(l));
    if (missing.length) {
      return check(
        'runner-identity',
        'runner identity',
        'runner',
        'warn',
        `the job did not ask for ${missing.join(', ')}`,
        evidence,
        `add ${missing.join(', ')} to runs-on`,
      );
    }
    return check(
      'runner-identity',
      'runner identity',
      'runner',
      'pass',
      `${data.runner_name ?? ctx.runnerName} in group ${data.runner_group_name ?? '?'}`,
      evidence,
    );
  } catch (error) {
    evidence.push(`job lookup failed: ${(error as Error).message}`);
    return check(
      'runner-identity',
      'runner identity',
      'runner',
      'warn',
      'cannot read this job from the API',
      evidence,
      'give the token actions: read',
    );
  }
}
