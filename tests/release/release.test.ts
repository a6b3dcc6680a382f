/**
 * scripts/release.mjs against a throwaway git repository with a bare remote: it refuses a
 * non-semantic version, a dirty tree, a stale dist/, a missing changelog entry and an existing tag,
 * and otherwise bumps the one version, tags, moves the major tag and pushes atomically.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '@gloriousflywheel/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/action-modules';

const script = join(repoRoot, 'scripts', 'release.mjs');

const CHANGELOG = `# Changelog

## [Unreleased]

## [0.2.1] - 2026-11-25

### Fixed

- A fix.

## [0.2.0] - 2026-11-24

### Added

- A feature.

## [0.1.0] - 2026-11-23

### Added

- The first release.

[Unreleased]: https://example.invalid/compare/v0.2.1...HEAD
[0.2.0]: https://example.invalid/releases/tag/v0.2.0
`;

// The dist check fails while a marker file says the bundles are stale.
const CHECK_DIST = `import { existsSync } from 'node:fs';
if (existsSync('dist-stale')) { console.error('dist/ is out of date'); process.exit(1); }
`;
let dir: string;
let remote: string;

function sh(cmd: string, args: string[], cwd = dir) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}
const git = (...args: string[]) => sh('git', args);
const json = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

function release(...args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args, '--root', dir], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(path: string, text: string) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

beforeEach(() => {
  const base = scratchDir('flywheel-release');
  dir = join(base, 'work');
  remote = join(base, 'remote.git');
  mkdirSync(dir);
  sh('git', ['init', '-q', '--bare', remote], base);
  write('package.json', `${JSON.stringify({ name: 'root', version: '0.1.0', private: true }, null, 2)}\n`);
  write('apps/cli/package.json', `${JSON.stringify({ name: 'cli', version: '0.1.0' }, null, 2)}\n`);
  write(
    'package-lock.json',
    `${JSON.stringify(
      {
        name: 'root',
        version: '0.1.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'root', version: '0.1.0' },
          'apps/cli': { name: 'cli', version: '0.1.0' },
        },
      },
      null,
      2,
    )}\n`,
  );
  write('CHANGELOG.md', CHANGELOG);
  write('scripts/check-dist.mjs', CHECK_DIST);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'release@flywheel.test');
  git('config', 'user.name', 'release');
  git('remote', 'add', 'origin', remote);
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  git('push', '-q', 'origin', 'main');
});

describe('refuses', () => {
  it.each(['1.2', 'v1.2.3.4', 'latest', '01.2.3', '1.2.3-'])('a version that is not semantic: %s', (v) => {
    const r = release(v);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a semantic version');
    expect(git('tag', '--list')).toBe('');
  });

  it('a dirty tree', () => {
    write('stray.txt', 'not committed');
    const r = release('0.2.0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('working tree is not clean');
    expect(r.err).toContain('stray.txt');
    expect(git('tag', '--list')).toBe('');
  });

  it('a version without a changelog entry, or with an undated one', () => {
    const r = release('0.3.0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('CHANGELOG.md has no entry for 0.3.0');
    write(
      'CHANGELOG.md',
      CHANGELOG.replace('## [Unreleased]', '## [Unreleased]\n\n## [0.3.0]\n\n- Undated.'),
    );
    git('commit', '-q', '-am', 'undated entry');
    expect(release('0.3.0').err).toContain('CHANGELOG.md has no entry for 0.3.0');
  });

  it('a stale dist/', () => {
    write('dist-stale', 'yes');
    git('add', '-A');
    git('commit', '-q', '-m', 'stale');
    const r = release('0.2.0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('dist/ is out of date');
    expect(git('tag', '--list')).toBe('');
    expect(json('package.json').version).toBe('0.1.0');
  });

  it('a tag that exists already', () => {
    git('tag', 'v0.2.0');
    const r = release('0.2.0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('tag v0.2.0 exists already');
  });
});

describe('releases', () => {
  it('--dry-run says what it would do and changes nothing', () => {
    const head = git('rev-parse', 'HEAD');
    const r = release('0.2.0', '--dry-run');
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      'would set the version to 0.2.0 (was 0.1.0, 0.1.0)',
      'would tag v0.2.0',
      'would move v0 to v0.2.0',
      'would push HEAD refs/tags/v0.2.0 +refs/tags/v0 to origin atomically',
    ]);
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('tag', '--list')).toBe('');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('bumps the one version, tags, moves the major tag and pushes them together', () => {
    const r = release('v0.2.0');
    expect(r.code, r.err).toBe(0);
    expect(json('package.json').version).toBe('0.2.0');
    expect(json('apps/cli/package.json').version).toBe('0.2.0');
    const lock = json('package-lock.json');
    expect([lock.version, lock.packages[''].version, lock.packages['apps/cli'].version]).toEqual([
      '0.2.0',
      '0.2.0',
      '0.2.0',
    ]);
    expect(git('log', '-1', '--format=%s')).toBe('Release v0.2.0');
    expect(git('status', '--porcelain')).toBe('');
    const commit = git('rev-parse', 'HEAD');
    expect(git('rev-parse', 'v0.2.0^{commit}')).toBe(commit);
    expect(git('rev-parse', 'v0^{commit}')).toBe(commit);
    const remoteRefs = sh('git', ['ls-remote', remote]);
    expect(remoteRefs).toContain(`${commit}\trefs/heads/main`);
    expect(remoteRefs).toMatch(/refs\/tags\/v0\.2\.0\^\{\}/);
    expect(sh('git', ['rev-parse', 'v0^{commit}'], remote)).toBe(commit);
  });

  it('moves the major tag on the next release, but not for a pre-release', () => {
    expect(release('0.2.0').code).toBe(0);
    const first = git('rev-parse', 'HEAD');
    expect(release('0.2.1').code).toBe(0);
    const second = git('rev-parse', 'HEAD');
    expect(second).not.toBe(first);
    expect(sh('git', ['rev-parse', 'v0^{commit}'], remote)).toBe(second);

    write(
      'CHANGELOG.md',
      CHANGELOG.replace('## [Unreleased]', '## [Unreleased]\n\n## [0.3.0-rc.1] - 2026-11-26\n\n- Trying.'),
    );
    git('commit', '-q', '-am', 'rc notes');
    const rc = release('0.3.0-rc.1');
    expect(rc.code, rc.err).toBe(0);
    expect(rc.out).not.toContain('move v0');
    expect(sh('git', ['rev-parse', 'v0^{commit}'], remote)).toBe(second);
    expect(sh('git', ['rev-parse', 'v0.3.0-rc.1^{commit}'], remote)).toBe(git('rev-parse', 'HEAD'));
  });

  it('--no-push leaves the remote alone', () => {
    expect(release('0.2.0', '--no-push').code).toBe(0);
    expect(git('tag', '--list').split('\n').sort()).toEqual(['v0', 'v0.2.0']);
    expect(sh('git', ['ls-remote', '--tags', remote])).toBe('');
  });
});

describe('verify (the release workflow)', () => {
  it('accepts a tag that matches the versions and writes the notes', () => {
    expect(release('0.2.0', '--no-push').code).toBe(0);
    const notes = join(dir, '..', 'notes.md');
    const r = release('verify', 'v0.2.0', '--notes', notes);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(notes, 'utf8')).toBe('### Added\n\n- A feature.\n');
  });

  it('refuses a tag the package versions disagree with, a tag without v, and no entry', () => {
    expect(release('verify', 'v0.2.0').err).toContain('package.json says 0.1.0, the tag says 0.2.0');
    expect(release('verify', '0.1.0').err).toContain('release tags are `v0.1.0`');
    write('CHANGELOG.md', '# Changelog\n');
    expect(release('verify', 'v0.1.0').err).toContain('CHANGELOG.md has no entry for 0.1.0');
    expect(existsSync(join(dir, '..', 'notes.md'))).toBe(false);
  });
});
