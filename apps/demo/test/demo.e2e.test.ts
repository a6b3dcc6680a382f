import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFor, repoRoot, tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';

// Built by the test setup (tests/setup/build-apps.ts), as `npm run demo` builds them.
const cli = join(repoRoot, 'apps', 'cli', 'dist', 'index.js');
const temp = tempDirs('flywheel-cli-alone');
afterAll(() => temp.cleanup());

describe('flywheel demo (the built CLI loading the built demo)', () => {
  it('runs the ARC apply pipeline on the simulated fleet: drains, applies, restores to targets, proves', () => {
    const run = spawnSync(nodeFor('node24'), [cli, 'demo', '--speed', '60'], {
      encoding: 'utf8',
      timeout: 180_000,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' },
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.data).toBeDefined();
    expect(result.outputs).toMatchObject({
      proven: 'true',
      'frozen-sets': expect.stringContaining('tinyland-nix'),
    });
    expect(run.stderr).toContain('## ARC apply: succeeded');
    expect(run.stderr).toMatch(/\| arc-runners\/tinyland-docker \| 0\/20 \| 0\/0 \| 0\/24 \| yes \|/);
    expect(run.stderr).toMatch(/\| arc-runners\/tinyland-nix \| 0\/16 \| 0\/0 \| 0\/20 \| yes \|/);
    expect(run.stderr).toMatch(/The fleet after the change:\n[\s\S]*tinyland-docker\s+0\s+24/);
  });

  it('refuses a nonsensical speed with a usage error', () => {
    const run = spawnSync(nodeFor('node24'), [cli, 'demo', '--speed', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--speed must be a number from 1 to 600');
  });

  it('says where to run it when the demo is not installed beside the CLI (the published CLI)', () => {
    // The published package holds only the CLI's dist/: outside a checkout Node cannot find the demo.
    const alone = temp.make();
    cpSync(join(repoRoot, 'apps', 'cli', 'dist'), alone, { recursive: true });
    const run = spawnSync(nodeFor('node24'), [join(alone, 'index.js'), 'demo'], {
      encoding: 'utf8',
      cwd: alone,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('flywheel demo runs from a source checkout');
    expect(run.stderr).toContain('npm ci && npm run demo');
  });
});
