import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAction } from '@gloriousflywheel/testkit/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledOrg } from './scenario';

const actionDir = resolve(import.meta.dirname, '..');
const bundle = join(actionDir, 'dist', 'index.js');
const missing = !existsSync(bundle);

describe.skipIf(missing)(
  'the canary-check bundle, run as GitHub runs it (needs `node scripts/build.mjs canary-check`)',
  () => {
    const fake = enrolledOrg(new Date());
    fake.addToken('platform-token', { orgAdmin: ['tinyland'] });

    beforeAll(() => fake.start());
    afterAll(() => fake.stop());

    it('passes for an enrolled repository, with outputs, summary table and JUnit report', async () => {
      const run = await runAction({
        actionDir,
        inputs: {
          repositories: 'tinyland/app',
          'runner-labels': 'nix',
          token: 'platform-token',
          'api-url': fake.apiUrl,
        },
      });
      expect(run.main.stderr).toBe('');
      expect(run.main.exitCode).toBe(0);
      expect(run.outputs['status']).toBe('pass');
      expect(run.outputs['passed']).toBe('5');
      expect(run.outputs['failed']).toBe('0');
      expect(run.summary).toContain(
        '| tinyland/app × nix | ✅ pass | ✅ pass | ✅ pass | ✅ pass | ✅ pass |',
      );
      const junit = readFileSync(run.outputs['junit-file']!, 'utf8');
      expect(junit).toContain('tests="5" failures="0"');
      const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
      expect(result.data.verdict).toBe('pass');
      expect(result.data.checks).toHaveLength(5);
      expect(run.masks).toContain('platform-token');
      expect(run.main.log).not.toContain('platform-token');
    });

    it('fails with annotations carrying the fix when a repository is not enrolled', async () => {
      const run = await runAction({
        actionDir,
        inputs: {
          repositories: 'tinyland/app\ntinyland/other',
          'runner-labels': 'nix',
          token: 'platform-token',
          'api-url': fake.apiUrl,
        },
      });
      expect(run.main.exitCode).toBe(1);
      expect(run.outputs['status']).toBe('fail');
      const errors = run.annotations.filter((a) => a.level === 'error');
      expect(errors.map((a) => a.message)).toContain(
        'tinyland/other × nix · runners visible: 2 org runner(s) carry "nix" but no runner group lets tinyland/other use them — fix: add tinyland/other to the group\'s selected repositories (Organization settings → Actions → Runner groups → "nix-group")',
      );
      const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
      expect(result.error.code).toBe('CHECK_FAILED');
      expect(result.error.details.counts.fail).toBeGreaterThanOrEqual(1);
      const junit = readFileSync(run.outputs['junit-file']!, 'utf8');
      expect(junit).toContain('<testsuite name="canary-check: tinyland/other × nix"');
      expect(junit).toMatch(/<failure message="2 org runner\(s\) carry &quot;nix&quot;/);
    });

    it('turns warnings into a failure with strict', async () => {
      const inputs = {
        repositories: 'tinyland/app',
        'runner-labels': 'zero',
        token: 'platform-token',
        'api-url': fake.apiUrl,
      };
      const lenient = await runAction({ actionDir, inputs });
      expect([lenient.main.exitCode, lenient.outputs['status']]).toEqual([0, 'warn']);
      const strict = await runAction({ actionDir, inputs: { ...inputs, strict: true } });
      expect([strict.main.exitCode, strict.outputs['status']]).toEqual([1, 'fail']);
    });

    it('rejects bad inputs with clear errors', async () => {
      const malformed = await runAction({
        actionDir,
        inputs: { repositories: 'not-a-repo', 'runner-labels': 'nix', token: 't', 'api-url': fake.apiUrl },
      });
      expect(malformed.main.exitCode).toBe(1);
      expect(malformed.main.log).toContain(
        'input `repositories` is invalid: `not-a-repo` is not a GitHub repository as `owner/repo`',
      );
      const noLabels = await runAction({
        actionDir,
        inputs: { repositories: 'tinyland/app', 'runner-labels': ' , ', token: 't' },
      });
      expect(noLabels.main.exitCode).toBe(1);
      expect(noLabels.main.log).toMatch(
        /input `runner-labels` (is invalid: expected at least 1 item|is required)/,
      );
      const forge = await runAction({
        actionDir,
        inputs: { 'runner-labels': 'nix', forge: 'bitbucket', token: 't' },
      });
      expect(forge.main.exitCode).toBe(1);
      expect(forge.main.log).toContain('input `forge` is invalid');
      expect(fake.requests().filter((r) => r.headers.authorization === 'token t')).toHaveLength(0);
    });
  },
);

describe.skipIf(missing)('the bundle in inside mode (needs `node scripts/build.mjs canary-check`)', () => {
  it('checks devices, the cgroup envelope and workspace hygiene under stand-in roots', async () => {
    const root = mkdtempSync(join(tmpdir(), 'canary-inside-'));
    const dev = join(root, 'dev');
    mkdirSync(join(dev, 'dri'), { recursive: true });
    writeFileSync(join(dev, 'kvm'), '');
    const sys = join(root, 'sysroot');
    mkdirSync(join(sys, 'proc/self'), { recursive: true });
    writeFileSync(join(sys, 'proc/self/cgroup'), '0::/\n');
    mkdirSync(join(sys, 'sys/fs/cgroup'), { recursive: true });
    writeFileSync(join(sys, 'sys/fs/cgroup/cgroup.controllers'), 'cpu memory\n');
    writeFileSync(join(sys, 'sys/fs/cgroup/cpu.max'), '400000 100000\n');
    writeFileSync(join(sys, 'sys/fs/cgroup/memory.max'), `${8 * 2 ** 30}\n`);
    const work = join(root, 'work');
    mkdirSync(join(work, 'old', 'old'), { recursive: true });
    const then = new Date(Date.now() - 10 * 3_600_000);
    utimesSync(join(work, 'old', 'old'), then, then);
    utimesSync(join(work, 'old'), then, then);
    const run = await runAction({
      actionDir,
      inputs: {
        mode: 'inside',
        'runner-labels': 'tinyland-nix-kvm',
        token: 't',
        'expect-cpu': 4,
        'expect-memory': '8Gi',
        'min-free-disk': '1Ki',
        'expect-devices': 'kvm, dri',
        'work-root': work,
        cleanup: true,
        'dev-root': dev,
        'system-root': sys,
        'nix-store': root,
      },
    });
    const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
    const checks = (result.data ?? result.error.details).checks as Array<{
      id: string;
      status: string;
      summary: string;
    }>;
    const status = Object.fromEntries(checks.map((c) => [c.id, c.status]));
    expect(status['capacity-envelope']).toBe('pass');
    expect(status['device-kvm']).toBe('pass');
    expect(status['device-dri']).toBe('fail');
    expect(status['workspace-hygiene']).toBe('pass');
    expect(checks.find((c) => c.id === 'workspace-hygiene')?.summary).toBe('removed 1 stale checkout(s)');
    expect(existsSync(join(work, 'old'))).toBe(false);
    expect(run.main.exitCode).toBe(1);
    expect(
      run.annotations.some((a) => a.level === 'error' && a.message.includes('has no device nodes')),
    ).toBe(true);
  });
});
