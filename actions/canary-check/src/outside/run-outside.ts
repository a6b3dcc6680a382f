import { FlywheelError, mapLimit } from '@gloriousflywheel/shared';
import {
  createGitHubClient,
  createGitLabClient,
  type ForgeSource,
  GitHubSource,
  GitLabSource,
  type RateLimitEvent,
  toForgeError,
} from '@gloriousflywheel/shared/forge';
import type { CheckResult } from '../checks';
import { checkRepository, type OutsideOptions } from './check-repository';

export interface OutsideRun extends OutsideOptions {
  forge: 'github' | 'gitlab';
  repositories: string[];
  token: string;
  apiUrl: string;
  concurrency: number;
  /** Test and bench hook: milliseconds per `retry-after` second. */
  retryAfterBaseMs?: number;
  onRateLimit?: (event: RateLimitEvent) => void;
  /** Deadline of one API request (default 30 s). */
  timeoutMs?: number;
  /** Told what a wait is for (a retry, a slow answer). */
  onWait?: (message: string) => void;
}

const GITHUB_REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/;

/** Validates the repository names for the forge before any request is made. */
export function parseRepositories(forge: 'github' | 'gitlab', names: string[]): string[] {
  for (const name of names) {
    const ok =
      forge === 'github' ? GITHUB_REPO.test(name) && !name.endsWith('/.') : GITLAB_PROJECT.test(name);
    if (!ok) {
      throw new FlywheelError(
        'INPUT_INVALID',
        `input \`repositories\` is invalid: \`${name}\` is not ${forge === 'github' ? 'a GitHub repository as `owner/repo`' : 'a GitLab project path as `group/project`'}`,
        {
          hint:
            forge === 'github'
              ? 'write each repository as owner/repo, e.g. tinyland/app'
              : 'write each project as its full path, e.g. tinyland/infra/app',
          details: { input: 'repositories', value: name },
        },
      );
    }
  }
  return [...new Set(names)];
}

/** Checks every repository × label, at most `concurrency` repositories at a time, sharing one source. */
export async function runOutside(run: OutsideRun): Promise<CheckResult[]> {
  const source = createSource(run);
  // A refusal is a finding of the checks; an outage (no answer, 5xx, a page that is not the API)
  // ends the run with the forge's own error code.
  const perRepo = await mapLimit(run.repositories, run.concurrency, (path) =>
    checkRepository(source, path, run).catch((error: unknown) => {
      throw toForgeError(error, `checking ${path}`);
    }),
  );
  return perRepo.flat();
}

function createSource(run: OutsideRun): ForgeSource {
  if (run.forge === 'gitlab') {
    return new GitLabSource(
      createGitLabClient({
        host: run.apiUrl.replace(/\/api\/v4\/?$/, ''),
        token: run.token,
        ...(run.timeoutMs !== undefined ? { timeoutMs: run.timeoutMs } : {}),
        ...(run.onWait ? { onWait: run.onWait } : {}),
      }),
    );
  }
  return new GitHubSource(
    createGitHubClient({
      token: run.token,
      baseUrl: run.apiUrl,
      ...(run.retryAfterBaseMs !== undefined ? { retryAfterBaseMs: run.retryAfterBaseMs } : {}),
      ...(run.onRateLimit ? { onRateLimit: run.onRateLimit } : {}),
      ...(run.timeoutMs !== undefined ? { timeoutMs: run.timeoutMs } : {}),
      ...(run.onWait ? { onWait: run.onWait } : {}),
    }),
  );
}
