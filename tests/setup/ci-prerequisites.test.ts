/**
 * Tests that need a real program skip where it is missing, so a developer without Nix can still run
 * the rest. In CI a skip would hide a broken install behind a green run: there, every prerequisite
 * the suite can skip for must be present, and this file fails naming the one that is not and the
 * `.ci/run` line that installs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@gloriousflywheel/testkit';
import { nixAvailable, nixMissingReason } from '@gloriousflywheel/testkit/nix';
import { PROMETHEUS_BIN, PROMTOOL_BIN, PUSHGATEWAY_BIN } from '@gloriousflywheel/testkit/services';
import { describe, expect, it } from 'vitest';
import { pipelineMissingReason } from '../gitlab/helpers/pipeline';

const inCi = Boolean(process.env['CI']) && process.env['CI'] !== 'false';

/** Each prerequisite: why it is needed, and why it is missing (undefined when present). */
const prerequisites: Array<[string, () => string | undefined]> = [
  ['Nix (Debian nix-bin)', () => (nixAvailable ? undefined : nixMissingReason)],
  [
    'the Nix daemon (Debian nix-bin)',
    () => (existsSync('/usr/bin/nix-daemon') ? undefined : '/usr/bin/nix-daemon is missing'),
  ],
  [
    'the Pushgateway (Debian prometheus-pushgateway)',
    () => (existsSync(PUSHGATEWAY_BIN) ? undefined : `${PUSHGATEWAY_BIN} is missing`),
  ],
  [
    'Prometheus and promtool (Debian prometheus)',
    () =>
      existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN)
        ? undefined
        : `${PROMETHEUS_BIN} or ${PROMTOOL_BIN} is missing`,
  ],
  [
    'real plan JSON (Debian golang-github-hashicorp-terraform-json-dev)',
    () => {
      const dir = '/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata';
      return existsSync(dir) ? undefined : `${dir} is missing`;
    },
  ],
  ['gitlab-ci-local and rsync', () => pipelineMissingReason()],
  ['/proc (Linux)', () => (existsSync('/proc/self/stat') ? undefined : '/proc is not mounted')],
  ...['attic-setup', 'benchmark', 'canary-check', 'arc-apply'].map(
    (name): [string, () => string | undefined] => [
      `the ${name} bundle`,
      () =>
        existsSync(join(repoRoot, 'actions', name, 'dist', 'index.js'))
          ? undefined
          : `actions/${name}/dist/index.js is missing`,
    ],
  ),
];

describe.runIf(inCi)('in CI, nothing the suite needs is missing (so no test is skipped for it)', () => {
  it.each(prerequisites)('%s is present', (_what, missing) => {
    expect(missing(), 'install it in .ci/run').toBeUndefined();
  });
});
