import { FlywheelError, mapLimit } from '@gloriousflywheel/shared';
import { createGitHubClient, createGitLabClient, type RateLimitEvent } from '@gloriousflywheel/shared/forge';
import type { CheckResult } from '../checks';
import { checkGitHubRepository, type OutsideOptions } from './github-checks';
import { GitHubSource } from './github-source';
import { checkGitLabProject } from './gitlab-checks';

export interface OutsideRun extends OutsideOptions {
  forge: 'github' | 'gitlab';
  repositories: string[];
  token: string;
  apiUrl: string;
  concurrency: number;
  /** Test and bench hook: milliseconds per `retry-after` second. */
  retryAfterBaseMs?: number;
  onRateLimit?: (event: RateLimitEvent) => void;
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

/** Checks every repository × label, at most `concurrency` repositories at a time. */
export async function runOutside(run: OutsideRun): Promise<CheckResult[]> {
  if (run.forge === 'gitlab') {
    const gl = createGitLabClient({ host: run.apiUrl.replace(/\/api\/v4\/?$/, ''), token: run.token });
    const perProject = await mapLimit(run.repositories, run.concurrency, (path) =>
      checkGitLabProject(gl, path, run),
    );
    return perProject.flat();
  }
  const gh = createGitHubClient({
    token: run.token,
    baseUrl: run.apiUrl,
    ...(run.retryAfterBaseMs !== undefined ? { retryAfterBaseMs: run.retryAfterBaseMs } : {}),
    ...(run.onRateLimit ? { onRateLimit: run.onRateLimit } : {}),
  });
  const source = new GitHubSource(gh);
  const perRepo = await mapLimit(run.repositories, run.concurrency, (full) => {
    const [owner, name] = full.split('/') as [string, string];
    return checkGitHubRepository(source, owner, name, run);
  });
  return perRepo.flat();
}
