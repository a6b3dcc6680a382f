import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerSetsTfvars } from '@gloriousflywheel/testkit/tofu';
import { describe, expect, it } from 'vitest';
import { loadTargets, targetsFromFile, targetsFromTfvars } from '../src/engine/targets';

const dir = mkdtempSync(join(tmpdir(), 'targets-'));

describe('targets', () => {
  it('reads the extra_runner_sets map from HCL tfvars', async () => {
    const file = join(dir, 'a.tfvars');
    writeFileSync(
      file,
      `cluster = "honey"
extra_runner_sets = {
  cmux-nix = {
    github_config_url = "https://github.com/Jesssullivan"
    runner_group      = "default"
    min_runners       = 0
    max_runners       = 2
    cpu_request       = "2"
    labels            = ["cmux-nix"]
  }
  heavy = {
    min_runners = 1
  }
}
`,
    );
    const t = await targetsFromTfvars([file]);
    expect([...t]).toEqual([
      ['cmux-nix', { minRunners: 0, maxRunners: 2 }],
      ['heavy', { minRunners: 1, maxRunners: null }],
    ]);
  });

  it('lets a later var file override an earlier one and honours the variable name', async () => {
    const a = join(dir, 'b.tfvars');
    const b = join(dir, 'c.tfvars');
    writeFileSync(a, runnerSetsTfvars({ nix: { min_runners: 0, max_runners: 16 } }));
    writeFileSync(b, runnerSetsTfvars({ nix: { min_runners: 1, max_runners: 8 } }, 'other_sets'));
    expect((await targetsFromTfvars([a, b])).get('nix')).toEqual({ minRunners: 1, maxRunners: 8 });
    expect((await targetsFromTfvars([a, b], 'extra_runner_sets')).get('nix')).toEqual({
      minRunners: 0,
      maxRunners: 16,
    });
  });

  it('rejects max < min with INPUT_INVALID', async () => {
    const f = join(dir, 'bad.tfvars');
    writeFileSync(f, runnerSetsTfvars({ nix: { min_runners: 3, max_runners: 1 } }));
    await expect(targetsFromTfvars([f])).rejects.toThrowError(/max_runners 1 < min_runners 3/);
  });

  it('reads a YAML targets file in either spelling', async () => {
    const f = join(dir, 't.yaml');
    writeFileSync(
      f,
      'nix:\n  minRunners: 1\n  maxRunners: 4\ndocker:\n  min_runners: 0\n  max_runners: 20\n',
    );
    expect([...(await targetsFromFile(f))]).toEqual([
      ['nix', { minRunners: 1, maxRunners: 4 }],
      ['docker', { minRunners: 0, maxRunners: 20 }],
    ]);
  });

  it('loads by one path rule: absolute stays absolute, relative resolves against the working directory', async () => {
    const work = mkdtempSync(join(dir, 'work-'));
    writeFileSync(join(work, 'caps.yaml'), 'nix: {minRunners: 0, maxRunners: 3}\n');
    writeFileSync(
      join(work, 'runners.tfvars'),
      runnerSetsTfvars({ nix: { min_runners: 1, max_runners: 5 } }),
    );
    const outside = join(dir, 'outside.yaml');
    writeFileSync(outside, 'nix: {minRunners: 2, maxRunners: 2}\n');
    const from = (over: Partial<Parameters<typeof loadTargets>[0]>) =>
      loadTargets({ workingDirectory: work, varFiles: [], ...over });
    expect((await from({ targetsFile: 'caps.yaml' })).get('nix')).toEqual({ minRunners: 0, maxRunners: 3 });
    expect((await from({ targetsFile: outside })).get('nix')).toEqual({ minRunners: 2, maxRunners: 2 });
    expect((await from({ varFiles: ['runners.tfvars'] })).get('nix')).toEqual({
      minRunners: 1,
      maxRunners: 5,
    });
    expect((await from({ varFiles: [join(work, 'runners.tfvars')] })).get('nix')).toEqual({
      minRunners: 1,
      maxRunners: 5,
    });
    // A targets file wins over the var files; with neither there are no targets.
    expect(
      (await from({ targetsFile: 'caps.yaml', varFiles: ['runners.tfvars'] })).get('nix')?.maxRunners,
    ).toBe(3);
    expect((await from({})).size).toBe(0);
  });
});
