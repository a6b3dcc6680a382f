import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFor, repoRoot } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';

// The CLI as installed (its bin entry and the bundle the test setup builds, as `npm run demo` does).
const cli = join(repoRoot, 'apps', 'cli', 'bin', 'flywheel.cjs');
const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', TMPDIR: tmpdir() };

describe('flywheel demo (the built CLI and its demo chunk)', () => {
  it('runs the ARC apply pipeline on the simulated fleet: drains, applies, restores to targets, proves', () => {
    const run = spawnSync(nodeFor('node24'), [cli, 'demo', '--speed', '60'], {
      encoding: 'utf8',
      timeout: 180_000,
      env,
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    // stdout is a pipe here: the envelope is there for scripts.
    const result = JSON.parse(run.stdout);
    expect(result.data).toBeDefined();
    expect(result.outputs).toMatchObject({
      proven: 'true',
      'frozen-sets': expect.stringContaining('tinyland-nix'),
    });
    // The person reads the summary as plain text on stderr.
    expect(run.stderr).toContain('ARC apply: succeeded\n--------------------');
    expect(run.stderr).toMatch(/arc-runners\/tinyland-docker\s+0\/20\s+0\/0\s+0\/24\s+yes/);
    expect(run.stderr).toMatch(/arc-runners\/tinyland-nix\s+0\/16\s+0\/0\s+0\/20\s+yes/);
    expect(run.stderr).toMatch(/The fleet after the change:\n[\s\S]*tinyland-docker\s+0\s+24/);
    expect(run.stderr).not.toMatch(/```|\| --- \||xychart|gantt/);
  });

  // Finding 5: `flywheel demo --help` ran the demo; its flags were documented nowhere.
  it('shows its help and flags with --help, without starting anything', () => {
    const run = spawnSync(nodeFor('node24'), [cli, 'demo', '--help'], {
      encoding: 'utf8',
      timeout: 60_000,
      env,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Usage: flywheel demo [--speed <number>] [--drain-timeout <duration>] [--json]',
    );
    for (const flag of ['--speed <number>', '--drain-timeout <duration>', '--json'])
      expect(run.stdout).toContain(flag);
    expect(run.stderr).not.toContain('Starting a simulated ARC cluster');
  });

  it('refuses a nonsensical speed, an unknown flag and a stray word with a usage error', () => {
    for (const [args, said] of [
      [['--speed', '0'], '--speed must be a number from 1 to 600'],
      [['--colour', 'red'], 'demo has no flag `--colour`'],
      [['now'], 'demo takes no argument `now`'],
    ] as const) {
      const run = spawnSync(nodeFor('node24'), [cli, 'demo', ...args], {
        encoding: 'utf8',
        timeout: 60_000,
        env,
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(said);
      expect(run.stderr).not.toContain('Starting a simulated ARC cluster');
    }
  });
});

// Finding 5: on a terminal `flywheel demo` ended with ~270 lines of JSON. util-linux `script` gives
// the CLI a pseudo-terminal for stdout, as a person's shell does.
const hasScript = spawnSync('script', ['--version']).status === 0;
describe.skipIf(!hasScript)('flywheel demo on a terminal', () => {
  it('prints no JSON and no Markdown: plain tables and the outputs, about a screen and a half', () => {
    const command = [nodeFor('node24'), cli, 'demo', '--speed', '60'].map((a) => `'${a}'`).join(' ');
    const run = spawnSync('script', ['-qefc', command, '/dev/null'], {
      encoding: 'utf8',
      timeout: 180_000,
      env,
    });
    expect(run.status, run.stdout.slice(-3000)).toBe(0);
    const text = run.stdout.replace(/\r/g, '');
    expect(text).toContain('ARC apply: succeeded');
    expect(text).toMatch(/Outputs:\n(.*\n)*\s+proven\s+true/);
    expect(text).not.toContain('"outputs"');
    expect(text).not.toMatch(/^\s*[{}]\s*$/m);
    expect(text.split('\n').length).toBeLessThan(150);
  });
});
