/**
 * Finding 7 (issue 11): the CLI package pointed its `exports` at src/index.ts, declared nothing it
 * needed, and its demo ran only from a checkout. The package as npm publishes it: `npm pack` of
 * apps/cli (its prepack builds the bundle), installed into an empty folder far from this repository
 * with nothing but Node 24 and npm, then run as a user would run it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeFor, repoRoot, tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const temp = tempDirs('flywheel-cli-package');
afterAll(() => temp.cleanup());

const ACTIONS = readdirSync(join(repoRoot, 'actions')).sort();
let tarball: string;
let installed: string;
let workdir: string;
/** Only Node 24 (and the npm beside the system's) on PATH: no repository bin folder. */
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  const packed = temp.make();
  const node = nodeFor('node24');
  env = {
    PATH: [dirname(node), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: temp.make(),
    npm_config_cache: join(temp.make(), 'npm-cache'),
    npm_config_update_notifier: 'false',
  };
  const out = execFileSync(
    'npm',
    ['pack', '--workspace', 'apps/cli', '--pack-destination', packed, '--json'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  tarball = join(packed, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
  installed = temp.make();
  writeFileSync(join(installed, 'package.json'), '{"private": true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], {
    cwd: installed,
    env,
    stdio: 'pipe',
  });
  workdir = temp.make();
}, 180_000);

const flywheel = (args: string[], timeout = 60_000) =>
  spawnSync(join(installed, 'node_modules', '.bin', 'flywheel'), args, {
    cwd: workdir,
    env,
    encoding: 'utf8',
    timeout,
  });

describe('the published CLI package', () => {
  it('ships its bin, its bundle and its licences, no source, no tests, and needs no other package', () => {
    const listing = execFileSync('tar', ['-tzvf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const files = listing.map((l) =>
      l
        .split(/\s+/)
        .pop()!
        .replace(/^package\//, ''),
    );
    expect(files).toContain('bin/flywheel.cjs');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/licenses.txt');
    expect(files.filter((f) => /^(src|test)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
    expect(listing.find((l) => l.endsWith('bin/flywheel.cjs'))).toMatch(/^-rwxr-xr-x/);
    const pkg = JSON.parse(
      readFileSync(join(installed, 'node_modules/@gloriousflywheel/flywheel/package.json'), 'utf8'),
    );
    expect(JSON.stringify(pkg.exports)).not.toContain('src/');
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ flywheel: 'bin/flywheel.cjs' });
    // The only thing installed is the CLI itself: everything it runs is in its bundle.
    expect(readdirSync(join(installed, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([
      '@gloriousflywheel',
    ]);
  });

  it('answers --help, and --help for every action, from the install', () => {
    const help = flywheel(['--help']);
    expect(help.status, help.stderr).toBe(0);
    for (const action of ACTIONS) {
      expect(help.stdout).toContain(action);
      const own = flywheel([action, '--help']);
      expect(own.status, own.stderr).toBe(0);
      expect(own.stdout).toContain(`flywheel ${action} — `);
      expect(own.stdout).toContain('Inputs:');
    }
  });

  it('runs the demo from the install: the simulated fleet and the tofu stand-in ship in the package', () => {
    const run = flywheel(['demo', '--speed', '60'], 180_000);
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    expect(JSON.parse(run.stdout).outputs.proven).toBe('true');
    expect(run.stderr).toContain('ARC apply: succeeded');
  });

  it('is installed executable: the bin npm links is the one it packed', () => {
    const bin = join(installed, 'node_modules/@gloriousflywheel/flywheel/bin/flywheel.cjs');
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });
});
