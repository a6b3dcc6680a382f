import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseFeed } from '../src/nix-trust';
import { resolveAtticSettings } from '../src/platform-defaults';
import { renderHookScript, writeHookScript } from '../src/uploader/hook-script';
import { figuresOf, ProgressWriter, pendingMisses, readTally } from '../src/uploader/progress';
import { takeFromQueue, writeQueueFile } from '../src/uploader/queue';
import { RecentSet } from '../src/uploader/recent-set';
import { uploaderEnv } from '../src/uploader/spawn';

const temp = tempDirs('attic-uploader');
afterAll(() => temp.cleanup());
const S = '/nix/store/0pqyvyw21p553pf74czgvqks0vjaqp0l';

describe('the post-build hook', () => {
  const run = (script: string, env: Record<string, string>) =>
    spawnSync('/bin/sh', [script], { env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' });

  it('queues the outputs (or, with none named, the derivation) and always exits 0', () => {
    const dir = temp.make();
    const queue = join(dir, 'queue');
    mkdirSync(queue);
    const hook = join(dir, 'hook.sh');
    writeHookScript(hook, queue);
    expect(statSync(hook).mode & 0o777).toBe(0o700);
    expect(run(hook, { DRV_PATH: `${S}-a.drv`, OUT_PATHS: `${S}-a ${S}-a-dev` }).status).toBe(0);
    // Nix 2.8 leaves OUT_PATHS empty (NixOS/nix#6446).
    expect(run(hook, { DRV_PATH: `${S}-b.drv`, OUT_PATHS: '' }).status).toBe(0);
    const files = readdirSync(queue);
    expect(files).toHaveLength(2);
    const batch = takeFromQueue(queue, 100);
    expect(batch.paths).toEqual([`${S}-a`, `${S}-a-dev`]);
    expect(batch.drvs).toEqual([`${S}-b.drv`]);
    expect(readdirSync(queue)).toEqual([]);
    // No queue folder (the job is gone): still success, and nothing on stderr to alarm the build log.
    const gone = run(renderHookScriptFile(dir, join(dir, 'nowhere')), { DRV_PATH: 'x', OUT_PATHS: 'y' });
    expect(gone.status).toBe(0);
    expect(gone.stderr).toBe('');
  });

  it('keeps a path with a glob character whole and holds no secret', () => {
    const script = renderHookScript("/tmp/it's here");
    expect(script).toContain(`q='/tmp/it'\\''s here'`);
    expect(script).toContain('set -f');
    expect(script).not.toMatch(/token|curl|wget|nix /i);
  });
});

function renderHookScriptFile(dir: string, queue: string): string {
  const file = join(dir, 'other-hook.sh');
  writeFileSync(file, renderHookScript(queue), { mode: 0o700 });
  return file;
}

describe('the queue', () => {
  it('gives files oldest first, up to a limit, and waits for an unfinished hook file', () => {
    const queue = temp.make();
    writeFileSync(join(queue, 'h-2-0.paths'), `drv ${S}-y.drv\nout ${S}-y\nend\n`);
    writeFileSync(join(queue, 'h-1-0.paths'), `drv ${S}-x.drv\nout ${S}-x\nend\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(queue, 'h-1-0.paths'), old, old);
    writeFileSync(join(queue, 'h-3-0.paths'), `drv ${S}-z.drv\n`);
    expect(takeFromQueue(queue, 1).paths).toEqual([`${S}-x`]);
    expect(takeFromQueue(queue, 100).paths).toEqual([`${S}-y`]);
    expect(readdirSync(queue)).toEqual(['h-3-0.paths']);
    writeQueueFile(queue, [`${S}-left`]);
    expect(takeFromQueue(queue, 100).paths).toEqual([`${S}-left`]);
  });
});

describe('the push record', () => {
  it('counts the first classification of a path, pushed after a failure, and new paths only', () => {
    const dir = temp.make();
    const file = join(dir, 'progress.log');
    const w = new ProgressWriter(file);
    w.write({ kind: 'miss', path: `${S}-a`, narSize: 10 });
    w.write({ kind: 'failed', path: `${S}-a`, reason: 'HTTP 502\nbad gateway', transient: true });
    w.write({ kind: 'pushed', path: `${S}-a`, bytes: 10 });
    w.write({ kind: 'hit', path: `${S}-a` });
    w.write({ kind: 'miss', path: `${S}-b`, narSize: 5 });
    w.write({ kind: 'hit', path: `${S}-c` });
    w.write({ kind: 'miss', path: `${S}-old`, narSize: 5 });
    w.write({ kind: 'pushed', path: `${S}-old`, bytes: 5 });
    w.write({ kind: 'miss', path: `${S}-big`, narSize: 9 });
    w.write({ kind: 'failed', path: `${S}-big`, reason: 'HTTP 413', transient: false });
    w.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const tally = readTally(file);
    expect(tally.classes.get(`${S}-a`)).toBe('miss');
    expect(pendingMisses(tally)).toEqual([`${S}-b`]);
    const figures = figuresOf(tally, [`${S}-a`, `${S}-b`, `${S}-c`, `${S}-big`, `${S}-unseen`]);
    expect(figures).toMatchObject({ hits: 1, misses: 3, hitRate: 0.25, pushed: 2, pushedBytes: 15 });
    expect(figures.deferred.sort()).toEqual([`${S}-b`, `${S}-unseen`].sort());
    expect(figures.failed).toEqual([{ path: `${S}-big`, reason: 'HTTP 413' }]);
    expect(readFileSync(file, 'utf8').split('\n')).toContain(`F ${S}-a t HTTP 502 bad gateway`);
  });

  it('forgets the oldest keys past its capacity', () => {
    const recent = new RecentSet(2);
    expect(recent.addIfNew('a')).toBe(true);
    expect(recent.addIfNew('a')).toBe(false);
    recent.addIfNew('b');
    recent.addIfNew('c');
    expect(recent.addIfNew('a')).toBe(true);
  });
});

describe("the platform's own settings", () => {
  const none = { endpoint: undefined, cache: undefined, token: undefined };
  const env = {
    ATTIC_SERVER: 'http://attic.nix-cache.svc:8080/',
    ATTIC_CACHE: 'main',
    ATTIC_TOKEN: 'tok-platform-123',
  };

  it('takes input, then environment, then nothing', () => {
    const masked: string[] = [];
    const fromEnv = resolveAtticSettings(none, env, (s) => masked.push(s));
    expect(String(fromEnv.endpoint)).toBe('http://attic.nix-cache.svc:8080/');
    expect(fromEnv).toMatchObject({ cache: 'main', token: 'tok-platform-123' });
    expect(fromEnv.sources).toEqual({ endpoint: 'environment', cache: 'environment', token: 'environment' });
    expect(masked).toEqual(['tok-platform-123']);
    const inputs = resolveAtticSettings(
      { endpoint: new URL('http://attic.nix-cache.svc:8080/'), cache: 'team', token: 'tok-input-456' },
      env,
      () => {},
    );
    expect(inputs).toMatchObject({ cache: 'team', token: 'tok-input-456' });
    expect(inputs.sources).toEqual({ endpoint: 'input', cache: 'input', token: 'input' });
    expect(resolveAtticSettings(none, {}, () => {})).toMatchObject({ endpoint: undefined, cache: undefined });
  });

  it("never sends the platform's token to a server the workflow chose", () => {
    const other = resolveAtticSettings(
      { ...none, endpoint: new URL('https://elsewhere.example/') },
      env,
      () => {},
    );
    expect(other.token).toBeUndefined();
    expect(other.notes.join(' ')).toContain('ATTIC_TOKEN is set but not used');
  });

  it('names the variable when its value is invalid', () => {
    expect(() => resolveAtticSettings(none, { ATTIC_SERVER: 'attic:8080' }, () => {})).toThrow(
      /environment variable ATTIC_SERVER is invalid/,
    );
  });
});

describe('the uploader process', () => {
  it('gets no input, step file or token in its environment', () => {
    const env = uploaderEnv(
      {
        PATH: '/bin',
        INPUT_TOKEN: 'secret-token-1',
        'INPUT_BAZEL-REMOTE-TOKEN': 'x',
        GITHUB_OUTPUT: '/o',
        GITHUB_STATE: '/s',
        STATE_attic: '{}',
        ATTIC_TOKEN: 'secret-token-2',
        FLYWHEEL_INPUT_TOKEN: 'secret-token-3',
        OTHER: 'contains secret-token-1 inside',
        RUNNER_TRACKING_ID: 'github_123',
      },
      '/d',
      ['secret-token-1'],
    );
    expect(env).toEqual({ PATH: '/bin', RUNNER_TRACKING_ID: 'github_123', FLYWHEEL_ATTIC_UPLOADER: '/d' });
  });

  it('is fed by the hook where Nix runs it, and by the store watch where the daemon drops it', () => {
    expect(chooseFeed({ viaDaemon: false, trusted: true, user: 'runner' }).feed).toBe('hook');
    expect(chooseFeed({ viaDaemon: true, trusted: true, user: 'runner' }).feed).toBe('hook');
    const untrusted = chooseFeed({ viaDaemon: true, trusted: false, user: 'runner' });
    expect(untrusted.feed).toBe('watch');
    expect(untrusted.reason).toContain('not in trusted-users');
    expect(chooseFeed({ viaDaemon: true, trusted: undefined, user: 'runner' }).feed).toBe('watch');
  });
});
