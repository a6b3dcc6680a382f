import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildkitCache, writeBazelrc } from '../src/bazel';
import { parseBazelLog } from '../src/bazel-log';
import { userConfFilesInEffect, writeNixConfig } from '../src/nix-config';
import { assessNixTrust, type NixTrustFacts } from '../src/nix-trust';
import { decidePush } from '../src/push-policy';

describe('parseBazelLog', () => {
  it('reads the last summary line and leaves internal processes out of the rate', () => {
    const log = [
      'INFO: 4 processes: 4 internal.',
      'INFO: Elapsed time: 2.1s',
      'INFO: 11 processes: 6 remote cache hit, 3 internal, 2 remote.',
    ].join('\n');
    expect(parseBazelLog(log)).toEqual({ processes: 11, remoteHits: 6, internal: 3, hitRate: 0.75 });
  });

  it('handles the singular, a line with no hits, and a log without a summary', () => {
    expect(parseBazelLog('INFO: 1 process: 1 remote cache hit.')).toMatchObject({ processes: 1, hitRate: 1 });
    expect(parseBazelLog('INFO: 5 processes: 5 linux-sandbox.')).toMatchObject({ remoteHits: 0, hitRate: 0 });
    expect(parseBazelLog('INFO: 2 processes: 2 internal.')!.hitRate).toBeUndefined();
    expect(parseBazelLog('Build completed successfully')).toBeUndefined();
  });
});

describe('Nix config wiring', () => {
  it('keeps the user config files Nix had in effect after its own', () => {
    expect(userConfFilesInEffect({ HOME: '/home/r' })).toEqual([
      '/home/r/.config/nix/nix.conf',
      '/etc/xdg/nix/nix.conf',
    ]);
    expect(userConfFilesInEffect({ XDG_CONFIG_HOME: '/c', XDG_CONFIG_DIRS: '/a:/b' })).toEqual([
      '/c/nix/nix.conf',
      '/a/nix/nix.conf',
      '/b/nix/nix.conf',
    ]);
    expect(userConfFilesInEffect({ NIX_USER_CONF_FILES: '/x.conf:/y.conf' })).toEqual(['/x.conf', '/y.conf']);
  });

  it('writes extra- settings, fallback, and a 0600 netrc for the substituter host only when given a token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixconf-'));
    const written = writeNixConfig(
      join(dir, 'nix'),
      { substituter: 'https://attic.example.com/team', publicKey: 'team:abc=', token: 'tok-123456' },
      { NIX_USER_CONF_FILES: '/existing.conf' },
    );
    const conf = readFileSync(written.confFile, 'utf8');
    expect(conf).toContain('extra-substituters = https://attic.example.com/team\n');
    expect(conf).toContain('extra-trusted-public-keys = team:abc=\n');
    expect(conf).toContain('fallback = true\n');
    expect(conf).toContain(`netrc-file = ${written.netrcFile}\n`);
    expect(conf).not.toContain('tok-123456');
    expect(written.userConfFiles).toBe(`${written.confFile}:/existing.conf`);
    expect(statSync(written.netrcFile!).mode & 0o777).toBe(0o600);
    expect(readFileSync(written.netrcFile!, 'utf8')).toBe(
      'machine attic.example.com\nlogin attic\npassword tok-123456\n',
    );
    const pub = writeNixConfig(join(dir, 'pub'), { substituter: 'https://a/b', publicKey: 'b:k=' }, {});
    expect(pub.netrcFile).toBeUndefined();
  });
});

describe('assessNixTrust', () => {
  const base: NixTrustFacts = {
    nixRemote: undefined,
    uid: 1001,
    user: 'runner',
    stateDirWritable: false,
    daemonSocketExists: true,
    systemConf: '',
  };
  it('sees a single-user (writable) store as trusted and a daemon for a stranger as not', () => {
    expect(assessNixTrust({ ...base, stateDirWritable: true })).toMatchObject({
      viaDaemon: false,
      trusted: true,
    });
    expect(assessNixTrust(base)).toMatchObject({ viaDaemon: true, trusted: false });
    const root = { ...base, uid: 0, user: 'root' };
    expect(assessNixTrust(root)).toMatchObject({ viaDaemon: true, trusted: true });
    // Root is trusted only as the default list says: a daemon that lists others leaves it out.
    expect(assessNixTrust({ ...root, systemConf: 'trusted-users =\n' }).trusted).toBe(false);
  });
  it('reads trusted-users, extra-trusted-users, * and groups', () => {
    expect(assessNixTrust({ ...base, systemConf: 'trusted-users = root runner\n' }).trusted).toBe(true);
    expect(assessNixTrust({ ...base, systemConf: 'extra-trusted-users = runner\n' }).trusted).toBe(true);
    expect(assessNixTrust({ ...base, systemConf: 'trusted-users = *\n' }).trusted).toBe(true);
    expect(assessNixTrust({ ...base, systemConf: 'trusted-users = root @wheel\n' }).trusted).toBeUndefined();
    expect(assessNixTrust({ ...base, nixRemote: 'daemon', stateDirWritable: true }).viaDaemon).toBe(true);
  });
});

describe('push policy, bazelrc and BuildKit', () => {
  it('pushes on auto only with a token and not from a fork; always overrides the fork rule', () => {
    expect(decidePush('auto', true, false).push).toBe(true);
    expect(decidePush('auto', true, true)).toMatchObject({
      push: false,
      reason: 'the run comes from a fork (pull only)',
    });
    expect(decidePush('auto', false, false).push).toBe(false);
    expect(decidePush('always', true, true).push).toBe(true);
    expect(decidePush('always', false, false).push).toBe(false);
    expect(decidePush('never', true, false).push).toBe(false);
  });

  it('writes Basic auth for user:password and only a comment without a cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bazelrc-'));
    const rc = readFileSync(
      writeBazelrc(dir, { url: 'https://bz.example.com', token: 'ci:pw', readOnly: false }),
      'utf8',
    );
    expect(rc).toContain(
      `build --remote_header=Authorization=Basic ${Buffer.from('ci:pw').toString('base64')}`,
    );
    expect(rc).not.toContain('remote_upload_local_results');
    const none = readFileSync(writeBazelrc(dir, { url: undefined, readOnly: false }), 'utf8');
    expect(none).not.toContain('--remote_cache');
    expect(buildkitCache('r.example.com/a:c', false)).toEqual({
      cacheFrom: 'type=registry,ref=r.example.com/a:c',
      cacheTo: 'type=registry,ref=r.example.com/a:c,mode=max,ignore-error=true',
    });
  });
});
