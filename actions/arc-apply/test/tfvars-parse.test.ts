import { parse as hcl2json } from '@cdktf/hcl2json';
import { runnerSetsTfvars } from '@gloriousflywheel/testkit/tofu';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTfvars } from '../src/engine/tfvars-parse';

const SAMPLE = `# per-cluster values
cluster   = "honey"
replicas  = 3
ratio     = 0.75
enabled   = true
nothing   = null
/* the extra runner sets */
extra_runner_sets = {
  cmux-nix = {
    github_config_url = "https://github.com/Jesssullivan"
    runner_group      = "default" // trailing comment
    min_runners       = 0
    max_runners       = 2
    labels            = ["cmux-nix", "tinyland-nix",]
  },
  "quoted-key" = { min_runners = 1, max_runners = 4 }
  colon = { min_runners: 0 }
}
motd = <<-EOT
    hello
      world
    EOT
escaped = "a \\"b\\" \\\\ c\\n"
`;

describe('tfvars parser', () => {
  it('reads what tfvars files contain exactly as hcl2json does', async () => {
    expect(parseTfvars(SAMPLE)).toEqual(await hcl2json('sample.tfvars', SAMPLE));
  });

  it('agrees with hcl2json on generated runner-set maps', async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const set = fc.record(
      {
        min_runners: fc.nat(20),
        max_runners: fc.nat(64),
        labels: fc.array(name, { maxLength: 3 }),
        image: fc.constantFrom('ghcr.io/a/b:1', 'r:latest'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(name, set, { maxKeys: 6 }), async (sets) => {
        const text = runnerSetsTfvars(sets);
        expect(parseTfvars(text)).toEqual(await hcl2json('gen.tfvars', text));
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('refuses expressions instead of guessing, with the line', () => {
    expect(() => parseTfvars('a = "x"\nb = var.c\n', 'f.tfvars')).toThrowError(/f\.tfvars:2: expressions/);
    expect(() => parseTfvars(`a = "${'$'}{var.x}"`)).toThrowError(/interpolation/);
    expect(() => parseTfvars('a = {')).toThrowError(/expected a name/);
  });
});
