import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import type { ForgeSource } from '@gloriousflywheel/shared/forge';
import type { BenchmarkDefinition } from '../inputs';

/** A ForgeSource for this platform, and how many API requests it has made (GitHub counts each). */
export interface CountedSource {
  source: ForgeSource;
  requests: () => number | null;
}

/**
 * GitHub with `token` (its API URL from the run), or GitLab with `token` or the job token. The
 * forge clients are loaded here, on first use: most of the bundle's weight.
 */
export async function forgeSource(ctx: ActionContext<BenchmarkDefinition>): Promise<CountedSource> {
  const forge = await import('@gloriousflywheel/shared/forge');
  const token = ctx.inputs.token;
  // Every call has a deadline and says what it waits for (issue 11: a silent server hung fleet mode).
  const calls = { timeoutMs: ctx.inputs['api-timeout'], onWait: (m: string) => ctx.log.info(m) };
  if (ctx.platform.kind === 'gitlab') {
    const jobToken = ctx.context.token;
    if (!token && !jobToken)
      throw new FlywheelError('INPUT_INVALID', 'fleet mode needs `token` to read the group');
    const client = forge.createGitLabClient({
      host: ctx.context.serverUrl,
      ...(token ? { token } : { jobToken: jobToken! }),
      ...calls,
    });
    return { source: new forge.GitLabSource(client), requests: () => null };
  }
  if (!token) {
    throw new FlywheelError('INPUT_INVALID', 'fleet mode needs `token` to read the runners and jobs', {
      hint: "a token that may read the org runners and runner groups and the repositories' Actions",
    });
  }
  const client = forge.createGitHubClient({ token, baseUrl: ctx.context.apiUrl, ...calls });
  let requests = 0;
  // Every request that leaves, retries included: the figure the request budget is judged by.
  client.hook.before('request', () => {
    requests += 1;
  });
  return { source: new forge.GitHubSource(client), requests: () => requests };
}
