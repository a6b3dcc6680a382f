import { createGitHubClient, GitHubSource } from '@gloriousflywheel/shared/forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/checks';
import { checkRepository, type OutsideOptions } from '../src/outside/check-repository';
import { enrolledOrg } from './scenario';

const now = new Date();
const options = (labels: string[], extra: Partial<OutsideOptions> = {}): OutsideOptions => ({
  labels,
  maxRuns: 10,
  since: new Date(now.getTime() - 7 * 86_400_000),
  now,
  checkWorkflows: true,
  maxQueueMs: 15 * 60_000,
  queueTargetMs: 60_000,
  ...extra,
});

describe('outside checks on GitHub', () => {
  const fake = enrolledOrg(now);
  fake.addToken('admin', { orgAdmin: ['tinyland'] });
  fake.addToken('repo-only', { repositories: ['tinyland/app'], repoAdmin: ['tinyland/app'] });
  let source: GitHubSource;

  beforeAll(async () => {
    await fake.start();
    source = new GitHubSource(
      createGitHubClient({ token: 'admin', baseUrl: fake.apiUrl, retryAfterBaseMs: 1 }),
    );
  });
  afterAll(() => fake.stop());

  const run = async (repo: string, labels: string[], extra: Partial<OutsideOptions> = {}, src = source) => {
    const results = await checkRepository(src, `tinyland/${repo}`, options(labels, extra));
    return (id: string, label: string): CheckResult => {
      const found = results.find((r) => r.id === id && r.subject === `tinyland/${repo} × ${label}`);
      if (!found) throw new Error(`no ${id} for ${label}`);
      return found;
    };
  };

  it('passes every check for an enrolled repository and label', async () => {
    const get = await run('app', ['nix']);
    expect(get('repo-access', 'nix')).toMatchObject({
      status: 'pass',
      summary: 'tinyland/app is readable (private)',
    });
    expect(get('runner-visibility', 'nix')).toMatchObject({
      status: 'pass',
      summary: 'served by group "nix-group"',
    });
    expect(get('runner-visibility', 'nix').evidence).toContain(
      'group "nix-group" (selected) serves tinyland/app',
    );
    expect(get('capacity', 'nix')).toMatchObject({ status: 'pass', summary: '1 idle of 2 online runner(s)' });
    expect(get('recent-jobs', 'nix')).toMatchObject({
      status: 'pass',
      summary: '3 job(s) got a runner; queue wait p50 20.0s, p95 29.0s',
    });
    expect(get('recent-jobs', 'nix').evidence).toContain('succeeded: 2, failed: 1');
    expect(get('workflow-labels', 'nix')).toMatchObject({
      status: 'pass',
      evidence: ['.github/workflows/ci.yml: build'],
    });
    expect(fake.validationErrors).toEqual([]);
  });

  it('fails check 1 with the fix when the repository cannot be read, and skips the rest', async () => {
    const get = await run('missing', ['nix']);
    expect(get('repo-access', 'nix').status).toBe('fail');
    expect(get('repo-access', 'nix').fix).toBe(
      'check the name tinyland/missing; if it is right, the token cannot see it: install the GitHub App on tinyland/missing (or grant the token access to it)',
    );
    expect(get('runner-visibility', 'nix').status).toBe('skip');
  });

  it('fails check 2 when the repository is not among the selected repositories of the group', async () => {
    const get = await run('other', ['nix']);
    const v = get('runner-visibility', 'nix');
    expect(v.status).toBe('fail');
    expect(v.summary).toBe('2 org runner(s) carry "nix" but no runner group lets tinyland/other use them');
    expect(v.fix).toBe(
      'add tinyland/other to the group\'s selected repositories (Organization settings → Actions → Runner groups → "nix-group")',
    );
    expect(v.evidence).toContain(
      'group "nix-group" serves 2 selected repositories and other is not among them',
    );
  });

  it('fails check 2 for a public repository when the group does not allow public repositories', async () => {
    const v = (await run('site', ['nix']))('runner-visibility', 'nix');
    expect(v.status).toBe('fail');
    expect(v.fix).toMatch(/^enable "Allow public repositories" on the group/);
  });

  it('fails check 2 when the group is restricted to other workflows', async () => {
    const v = (await run('app', ['restricted']))('runner-visibility', 'restricted');
    expect(v.status).toBe('fail');
    expect(v.evidence).toContain(
      'group "restricted-group" is restricted to 1 workflow(s), none in tinyland/app',
    );
    expect(v.fix).toMatch(
      /add the workflow \(e\.g\. tinyland\/app\/\.github\/workflows\/ci\.yml@refs\/heads\/main\)/,
    );
  });

  it('warns on check 2 and 3 when no runner carries the label (a scale set at zero)', async () => {
    const get = await run('app', ['zero']);
    expect(get('runner-visibility', 'zero')).toMatchObject({
      status: 'warn',
      summary:
        'no runner carries "zero" right now; a runner scale set scaled to zero lists no runners, so recent jobs decide',
    });
    expect(get('capacity', 'zero')).toMatchObject({ status: 'warn' });
    expect(get('capacity', 'zero').fix).toMatch(/raise its minRunners/);
    // The only "zero" job is older than the look-back window.
    expect(get('recent-jobs', 'zero')).toMatchObject({
      status: 'warn',
      summary: 'no job in the last 10 run(s) asked for "zero"',
    });
    expect(get('recent-jobs', 'zero').fix).toBe(
      'run a workflow with runs-on: zero (for example the platform-proof workflow) to prove the lane',
    );
  });

  it('warns on capacity when all runners are busy and on a p95 queue above target', async () => {
    const get = await run('app', ['busy']);
    expect(get('capacity', 'busy')).toMatchObject({
      status: 'warn',
      summary: 'all 1 online runner(s) are busy: new jobs will queue',
    });
    expect(get('capacity', 'busy').fix).toBe(
      'raise maxRunners of the "busy" scale set, or add overflow capacity',
    );
    expect(get('recent-jobs', 'busy')).toMatchObject({
      status: 'warn',
      summary: 'queue wait p95 3m15s is above the 1m00s target',
    });
    expect(get('workflow-labels', 'busy')).toMatchObject({
      status: 'pass',
      evidence: ['.github/workflows/matrix.yaml: test'],
    });
  });

  it('fails capacity when all runners are offline and recent jobs when one waits past max-queue', async () => {
    const get = await run('app', ['off'], { maxQueueMs: 30 * 60_000 });
    expect(get('capacity', 'off')).toMatchObject({
      status: 'fail',
      summary: '1 runner(s) with "off", none online',
    });
    expect(get('capacity', 'off').fix).toMatch(/scale set listener/);
    const jobs = get('recent-jobs', 'off');
    expect(jobs.status).toBe('fail');
    expect(jobs.summary).toMatch(
      /^1 job\(s\) waiting for "off", the longest for 1h00m: no runner picks them up$/,
    );
    expect(jobs.fix).toMatch(/fix the runner group \(check 2\)/);
  });

  it('warns on check 5 when no workflow asks for the label, and skips it when disabled', async () => {
    const other = await run('other', ['nix']);
    expect(other('workflow-labels', 'nix')).toMatchObject({
      status: 'warn',
      summary: 'none of 1 workflow file(s) asks for "nix"',
    });
    expect(other('workflow-labels', 'nix').fix).toBe(
      'set runs-on: nix (or [self-hosted, nix]) on the jobs that should run on the platform',
    );
    const site = await run('site', ['nix']);
    expect(site('workflow-labels', 'nix')).toMatchObject({
      status: 'warn',
      summary: 'tinyland/site has no .github/workflows folder',
    });
    const off = await run('app', ['nix'], { checkWorkflows: false });
    expect(off('workflow-labels', 'nix').status).toBe('skip');
  });

  it('warns with the permission fix when the token cannot read org runners', async () => {
    const limited = new GitHubSource(
      createGitHubClient({ token: 'repo-only', baseUrl: fake.apiUrl, retries: 0 }),
    );
    const get = await run('app', ['nix'], {}, limited);
    const v = get('runner-visibility', 'nix');
    expect(v.status).toBe('warn');
    expect(v.summary).toBe("cannot list the org's runners (HTTP 403); no repo-level runner has the label");
    expect(v.fix).toMatch(/Self-hosted runners: read/);
  });
});
