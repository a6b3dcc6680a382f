import { join } from 'node:path';
import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import { writeJUnit } from '@gloriousflywheel/shared/report';
import { type CheckResult, countChecks, verdict } from './checks';
import type { Definition } from './inputs';
import { junitSuites, writeSummary } from './report';
import { runInside } from './run-inside';

/** The 60 s queue-time target at peak, from the platform's KPIs. */
const QUEUE_TARGET_MS = 60_000;

export interface CanaryData {
  verdict: 'pass' | 'warn' | 'fail';
  strict: boolean;
  counts: ReturnType<typeof countChecks>;
  checks: CheckResult[];
  junitFile: string;
}

/** Which sets of checks a mode runs. */
export interface CanaryScope {
  outside: boolean;
  inside: boolean;
}

export async function runCanary(ctx: ActionContext<Definition>, scope: CanaryScope): Promise<CanaryData> {
  const inputs = ctx.inputs;
  const now = new Date();
  const forge =
    inputs.forge === 'auto' ? (ctx.context.platform === 'gitlab' ? 'gitlab' : 'github') : inputs.forge;
  // The list builder types its items as any list kind; these two are declared with item: 'string'.
  const labels = [...new Set((inputs['runner-labels'] as string[]).map((l) => l.trim()).filter(Boolean))];
  const named = (inputs.repositories ?? []) as string[];
  if (labels.length === 0) {
    throw new FlywheelError('INPUT_INVALID', 'input `runner-labels` is empty', {
      hint: 'name at least one runner label, e.g. tinyland-nix',
    });
  }
  const token = inputs.token ?? ctx.context.token ?? '';
  const apiUrl = inputs['api-url']?.toString() ?? ctx.context.apiUrl;
  const forgeCalls = { timeoutMs: inputs['api-timeout'], onWait: (m: string) => ctx.log.info(m) };
  const results: CheckResult[] = [];

  if (scope.outside) {
    // The forge clients are most of the bundle: inside mode never loads them.
    const { parseRepositories, runOutside } = await import('./outside/run-outside');
    const repositories = parseRepositories(
      forge,
      named.length ? named : ctx.context.repository ? [ctx.context.repository] : [],
    );
    if (repositories.length === 0) {
      throw new FlywheelError('INPUT_INVALID', 'no repository to check', {
        hint: 'set `repositories` (owner/repo, one per line)',
      });
    }
    if (!token)
      throw new FlywheelError('INPUT_INVALID', 'input `token` is empty', {
        hint: 'pass a token that can read the repositories and the org runners',
      });
    const outside = await ctx.log.group(
      `Outside checks: ${repositories.length} repositories × ${labels.length} labels`,
      () =>
        runOutside({
          forge,
          repositories,
          labels,
          token,
          apiUrl,
          concurrency: inputs.concurrency,
          ...forgeCalls,
          maxRuns: inputs['recent-runs'],
          since: new Date(now.getTime() - inputs.lookback),
          now,
          checkWorkflows: inputs['check-workflows'],
          maxQueueMs: inputs['max-queue'],
          queueTargetMs: QUEUE_TARGET_MS,
          onRateLimit: (e) =>
            ctx.log.info(`rate limited (${e.kind}) on ${e.method} ${e.url}: waiting ${e.retryAfter}s`),
        }),
    );
    results.push(...outside);
  }
  if (scope.inside) {
    const github =
      inputs['job-id'] && token && forge === 'github'
        ? (await import('@gloriousflywheel/shared/forge')).createGitHubClient({
            token,
            baseUrl: apiUrl,
            ...forgeCalls,
          })
        : undefined;
    const inside = await ctx.log.group('Inside checks', () =>
      runInside({
        context: ctx.context,
        expectedLabels: labels,
        ...(inputs['job-id'] ? { jobId: inputs['job-id'] } : {}),
        ...(github ? { github } : {}),
        atticCache: inputs['attic-cache'],
        ...optional('atticEndpoint', inputs['attic-endpoint'] || process.env['ATTIC_SERVER']),
        ...optional('atticToken', inputs['attic-token']),
        ...optional('bazelUrl', inputs['bazel-remote-url'] || process.env['BAZEL_REMOTE_CACHE']),
        ...optional('bazelToken', inputs['bazel-remote-token']),
        ...(inputs['expect-cpu'] !== undefined ? { expectCpu: inputs['expect-cpu'] } : {}),
        ...optional('expectMemory', inputs['expect-memory']),
        minFreeDisk: inputs['min-free-disk'],
        expectDevices: (inputs['expect-devices'] ?? []) as string[],
        ...optional('workRoot', inputs['work-root']),
        staleAfterMs: inputs['stale-after'],
        cleanup: inputs.cleanup,
        nixStore: inputs['nix-store'],
        devRoot: inputs['dev-root'],
        systemRoot: inputs['system-root'],
        now,
      }),
    );
    results.push(...inside);
  }

  const overall = verdict(results, inputs.strict);
  const counts = countChecks(results);
  writeSummary(ctx, 'Canary check', results, overall);
  const junitFile = writeJUnit(
    inputs['junit-file'] || join(ctx.tempDir, 'canary-check.junit.xml'),
    junitSuites(results, now, inputs.strict),
    'canary-check',
  );
  for (const r of results) {
    if (r.status === 'fail')
      ctx.log.error(`${r.subject} · ${r.title}: ${r.summary}${r.fix ? ` — fix: ${r.fix}` : ''}`, {
        title: `canary-check: ${r.title}`,
      });
    else if (r.status === 'warn')
      ctx.log.warning(`${r.subject} · ${r.title}: ${r.summary}${r.fix ? ` — fix: ${r.fix}` : ''}`, {
        title: `canary-check: ${r.title}`,
      });
  }
  ctx.setOutput('junit-file', junitFile);
  ctx.setOutput('status', overall);
  ctx.setOutput('passed', counts.pass);
  ctx.setOutput('warned', counts.warn);
  ctx.setOutput('failed', counts.fail);
  const data: CanaryData = { verdict: overall, strict: inputs.strict, counts, checks: results, junitFile };
  if (overall === 'fail') {
    const failing = results.filter((r) => r.status === 'fail' || (inputs.strict && r.status === 'warn'));
    throw new FlywheelError(
      'CHECK_FAILED',
      `${failing.length} check(s) ${inputs.strict ? 'failed or warned (strict)' : 'failed'}: ${failing
        .slice(0, 3)
        .map((r) => `${r.subject} · ${r.title}`)
        .join('; ')}${failing.length > 3 ? ' …' : ''}`,
      {
        hint: 'the summary lists each problem with its fix; the JUnit report has the evidence',
        details: data as unknown as Record<string, unknown>,
      },
    );
  }
  return data;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}
