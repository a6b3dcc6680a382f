import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubClient } from '@gloriousflywheel/shared/forge';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { FakeBazelRemote } from '@gloriousflywheel/testkit/bazel';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCaches } from '../src/inside/caches';
import { checkEnvelope } from '../src/inside/capacity';
import { checkDevices } from '../src/inside/devices';
import { checkHygiene, scanWorkRoot } from '../src/inside/hygiene';
import { checkIdentity } from '../src/inside/identity';
import { checkToolchain } from '../src/inside/toolchain';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `canary-${prefix}-`));
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const age = (path: string, hours: number) => utimesSync(path, hoursAgo(hours), hoursAgo(hours));

/** A cgroup v2 pod: /proc/self/cgroup and the limits files, under a fake root. */
function cgroupRoot(cpuMax: string, memoryMax: string): string {
  const root = temp('cgroup');
  mkdirSync(join(root, 'proc/self'), { recursive: true });
  writeFileSync(join(root, 'proc/self/cgroup'), '0::/\n');
  mkdirSync(join(root, 'sys/fs/cgroup'), { recursive: true });
  writeFileSync(join(root, 'sys/fs/cgroup/cgroup.controllers'), 'cpu memory\n');
  writeFileSync(join(root, 'sys/fs/cgroup/cpu.max'), `${cpuMax}\n`);
  writeFileSync(join(root, 'sys/fs/cgroup/memory.max'), `${memoryMax}\n`);
  return root;
}

describe('inside: capacity envelope', () => {
  it('passes when the cgroup limits match expect-cpu and expect-memory', async () => {
    const root = cgroupRoot('400000 100000', String(8 * 2 ** 30));
    const [limits, disk] = await checkEnvelope({
      systemRoot: root,
      expectCpu: 4,
      expectMemory: '8Gi',
      minFreeDisk: '1Ki',
      disks: [{ name: 'workspace', path: root }],
    });
    expect(limits).toMatchObject({ status: 'pass', summary: 'CPU and memory limits match' });
    expect(limits?.evidence).toEqual(['cgroup v2 /', 'cpu limit: 4', 'memory limit: 8.0 GiB']);
    expect(disk).toMatchObject({ id: 'disk-workspace', status: 'pass' });
  });

  it('fails with both mismatches named, and when free disk is below the minimum', async () => {
    const root = cgroupRoot('200000 100000', 'max');
    const [limits, disk, missing] = await checkEnvelope({
      systemRoot: root,
      expectCpu: 4,
      expectMemory: '8Gi',
      minFreeDisk: '1000Ti',
      disks: [
        { name: 'workspace', path: root },
        { name: 'nix-store', path: join(root, 'no-such-store') },
      ],
    });
    expect(limits?.status).toBe('fail');
    expect(limits?.summary).toBe('CPU limit is 2, expected 4; memory limit is unset, expected 8.0 GiB');
    expect(limits?.fix).toMatch(/check runs-on and the scale set's cpu\/memory limits/);
    expect(disk?.status).toBe('fail');
    expect(disk?.summary).toMatch(/ free, below 1000 TiB$/);
    expect(disk?.fix).toMatch(/image filesystem pressure/);
    expect(missing).toMatchObject({ status: 'skip' });
  });
});

describe('inside: devices', () => {
  it('passes for usable /dev/kvm and /dev/dri nodes under a stand-in /dev', async () => {
    const dev = temp('dev');
    writeFileSync(join(dev, 'kvm'), '');
    mkdirSync(join(dev, 'dri'));
    writeFileSync(join(dev, 'dri', 'renderD128'), '');
    const results = await checkDevices(dev, ['kvm', 'dri']);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['device-kvm', 'pass'],
      ['device-dri', 'pass'],
    ]);
  });

  it('fails for missing devices with the lane to use', async () => {
    const dev = temp('dev-empty');
    const [kvm, dri] = await checkDevices(dev, ['kvm', 'dri']);
    expect(kvm).toMatchObject({ status: 'fail', summary: `${join(dev, 'kvm')} is missing` });
    expect(kvm?.fix).toMatch(/tinyland-nix-kvm/);
    expect(dri).toMatchObject({ status: 'fail', summary: `${join(dev, 'dri')} has no device nodes` });
    expect(dri?.fix).toMatch(/tinyland-nix-gpu/);
  });

  it.skipIf(process.getuid?.() === 0)(
    'fails for a device this user cannot open (root can open anything)',
    async () => {
      const dev = temp('dev-locked');
      writeFileSync(join(dev, 'kvm'), '');
      chmodSync(join(dev, 'kvm'), 0o000);
      const [kvm] = await checkDevices(dev, ['kvm']);
      expect(kvm?.summary).toMatch(/cannot read and write it/);
    },
  );
});

describe('inside: workspace hygiene', () => {
  function workRoot() {
    const root = temp('work');
    const outside = temp('outside');
    writeFileSync(join(outside, 'precious.txt'), 'keep me');
    for (const name of ['old-repo', 'fresh-repo', 'current', '_temp'])
      mkdirSync(join(root, name, name), { recursive: true });
    writeFileSync(join(root, 'old-repo', 'old-repo', 'file'), 'x');
    // A stale entry that is a symlink to a folder outside the work root, and a stale checkout that
    // holds such a link inside it.
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(outside, join(root, 'old-repo', 'old-repo', 'link-out'));
    for (const p of [
      join(root, 'old-repo', 'old-repo', 'file'),
      join(root, 'old-repo', 'old-repo'),
      join(root, 'old-repo'),
    ])
      age(p, 10);
    age(join(root, '_temp'), 10);
    age(join(root, 'current'), 10);
    return { root, outside };
  }

  it('reports stale checkouts in a dry run without touching anything', async () => {
    const { root } = workRoot();
    const result = await checkHygiene({
      workRoot: root,
      workspace: join(root, 'current', 'current'),
      staleAfterMs: 6 * 3_600_000,
      cleanup: false,
      now: new Date(),
    });
    expect(result.status).toBe('warn');
    expect(result.summary).toBe(`1 stale checkout(s) under ${root} (dry run)`);
    expect(result.evidence[0]).toMatch(
      new RegExp(`^stale: ${join(root, 'old-repo')} \\(untouched 10h00m\\)$`),
    );
    expect(result.evidence).toContain(`refused (symlink leaving the work root): ${join(root, 'escape')}`);
    expect(result.fix).toMatch(/cleanup: true/);
    expect(existsSync(join(root, 'old-repo'))).toBe(true);
  });

  it('removes stale checkouts and never anything outside the work root, even through symlinks', async () => {
    const { root, outside } = workRoot();
    age(join(root, 'fresh-repo'), 1);
    const report = await scanWorkRoot({
      workRoot: root,
      workspace: join(root, 'current', 'current'),
      staleAfterMs: 6 * 3_600_000,
      cleanup: true,
      now: new Date(Date.now() + 7 * 3_600_000),
    });
    // Seven hours from now, the fresh checkout and the escaping link are stale too.
    expect(report.stale.map((s) => s.path).sort()).toEqual([
      join(root, 'escape'),
      join(root, 'fresh-repo'),
      join(root, 'old-repo'),
    ]);
    expect(report.removed.sort()).toEqual([
      join(root, 'escape'),
      join(root, 'fresh-repo'),
      join(root, 'old-repo'),
    ]);
    expect(report.failures).toEqual([]);
    expect(existsSync(join(outside, 'precious.txt'))).toBe(true);
    expect(existsSync(join(root, 'current', 'current'))).toBe(true);
    expect(existsSync(join(root, '_temp'))).toBe(true);
  });

  it('passes when nothing is stale, and warns when the work root cannot be read', async () => {
    const root = temp('clean-work');
    mkdirSync(join(root, 'repo'));
    const ok = await checkHygiene({
      workRoot: root,
      staleAfterMs: 3_600_000,
      cleanup: true,
      now: new Date(),
    });
    expect(ok).toMatchObject({ status: 'pass', summary: 'no checkout older than 1h00m' });
    const bad = await checkHygiene({
      workRoot: join(root, 'nope'),
      staleAfterMs: 1,
      cleanup: false,
      now: new Date(),
    });
    expect(bad.status).toBe('warn');
  });
});

describe('inside: caches against the fake Attic and bazel-remote servers', () => {
  const attic = new FakeAtticServer();
  const bazel = new FakeBazelRemote({ bearerTokens: ['bazel-secret'] });
  let token = '';

  beforeAll(async () => {
    attic.createCache('main');
    token = attic.issueToken({ caches: { main: { r: 1 } } });
    await attic.start();
    await bazel.start();
  });
  afterAll(async () => {
    await attic.stop();
    await bazel.stop();
  });

  it('passes when both caches answer', async () => {
    const [a, b] = await checkCaches({
      atticEndpoint: attic.url,
      atticCache: 'main',
      atticToken: token,
      bazelUrl: bazel.url,
      bazelToken: 'bazel-secret',
    });
    expect(a).toMatchObject({ id: 'cache-attic', status: 'pass', summary: 'cache "main" answers (private)' });
    expect(b).toMatchObject({ id: 'cache-bazel', status: 'pass' });
    expect(attic.requests('GET', '/main/nix-cache-info')).toHaveLength(1);
    expect(bazel.requests('HEAD', /^\/cas\//)).toHaveLength(1);
  });

  it('fails with the token fix for a bad token, and skips caches that are not configured', async () => {
    const [a, b] = await checkCaches({
      atticEndpoint: attic.url,
      atticCache: 'main',
      atticToken: 'not-a-token',
      bazelUrl: bazel.url,
      bazelToken: 'wrong',
    });
    expect(a?.status).toBe('fail');
    expect(a?.fix).toBe('give the job a valid Attic token with pull permission on the cache');
    expect(b?.status).toBe('fail');
    expect(b?.summary).toBe('the Bazel remote cache refused the credentials (HTTP 401)');
    const none = await checkCaches({ atticCache: 'main' });
    expect(none.map((r) => r.status)).toEqual(['skip', 'skip']);
  });
});

describe('inside: identity and toolchain', () => {
  it('reports the runner from the run context', async () => {
    const result = await checkIdentity({
      context: {
        platform: 'github',
        repository: 'tinyland/app',
        runnerName: 'nix-abc12',
        runnerOs: 'Linux',
        runnerArch: 'X64',
        isFork: false,
        serverUrl: 'https://github.com',
        apiUrl: 'http://127.0.0.1:1',
        workspace: '/tmp',
        runnerTemp: '/tmp',
      },
      expectedLabels: ['nix'],
    });
    expect(result).toMatchObject({ status: 'pass', summary: 'running on nix-abc12' });
    expect(result.evidence).toContain('repository: tinyland/app (org tinyland)');
    expect(result.evidence).toContain('os/arch: Linux/X64');
  });

  const nixOnPath = (process.env['PATH'] ?? '').split(':').some((d) => existsSync(join(d, 'nix')));
  it.skipIf(!nixOnPath)(
    'finds Nix and says whether this user can build (needs nix on the PATH)',
    async () => {
      const store = temp('store');
      const result = await checkToolchain(store);
      expect(result.summary).toMatch(
        /^nix \(Nix\) \d+\.\d+.*; (single-user, store writable|builds through the daemon)$/,
      );
      expect(result.status).toBe('pass');
    },
  );

  it('fails with the runner class to use when nix is missing', async () => {
    const result = await checkToolchain(temp('store'), join(temp('nobin'), 'nix'));
    expect(result).toMatchObject({ status: 'fail', summary: 'nix is not on the PATH' });
    expect(result.fix).toBe('use a Nix runner class (tinyland-nix) or install Nix in the runner image');
  });
});

describe('inside: identity from the job API', () => {
  const github = new FakeGitHub({ validateResponses: true });
  const context = {
    platform: 'github' as const,
    repository: 'tinyland/app',
    runnerName: 'nix-abc12',
    isFork: false,
    serverUrl: 'https://github.com',
    apiUrl: '',
    workspace: '/tmp',
    runnerTemp: '/tmp',
  };

  beforeAll(async () => {
    const job = (id: number, labels: string[], groupId: number, groupName: string) => ({
      id,
      name: 'canary',
      labels,
      createdAt: '2026-01-01T10:00:00Z',
      runnerName: 'nix-abc12',
      runnerId: 5,
      runnerGroupId: groupId,
      runnerGroupName: groupName,
    });
    github.addOrg({ login: 'tinyland' });
    github.addRepo({
      owner: 'tinyland',
      name: 'app',
      runs: [
        {
          createdAt: '2026-01-01T10:00:00Z',
          jobs: [
            job(901, ['nix'], 21, 'nix-group'),
            job(902, ['ubuntu-latest'], 0, 'GitHub Actions'),
            job(903, ['docker'], 22, 'docker'),
          ],
        },
      ],
    });
    await github.start();
  });
  afterAll(() => github.stop());

  const identity = (jobId: string) =>
    checkIdentity({
      context: { ...context, apiUrl: github.apiUrl },
      expectedLabels: ['nix'],
      jobId,
      github: createGitHubClient({ token: 't', baseUrl: github.apiUrl, retries: 0 }),
    });

  it('passes with the runner group of a job that asked for the label', async () => {
    const result = await identity('901');
    expect(result).toMatchObject({ status: 'pass', summary: 'nix-abc12 in group nix-group' });
    expect(result.evidence).toContain('job labels: nix');
  });

  it('fails on a GitHub-hosted runner and warns when the job did not ask for the label', async () => {
    expect(await identity('902')).toMatchObject({ status: 'fail', fix: 'set runs-on: nix' });
    expect(await identity('903')).toMatchObject({ status: 'warn', summary: 'the job did not ask for nix' });
    expect(github.validationErrors).toEqual([]);
  });
});
