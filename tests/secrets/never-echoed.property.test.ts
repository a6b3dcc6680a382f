import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesWithContent, nodeFor, repoRoot, runToEnd, tempDirs } from '@gloriousflywheel/testkit';
import {
  LOOPBACK_FAULTS,
  type LoopbackFault,
  type LoopbackFaultServer,
  startLoopbackFault,
} from '@gloriousflywheel/testkit/http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = join(repoRoot, 'apps', 'cli', 'dist', 'index.js');
const node24 = nodeFor('node24');
const temp = tempDirs('flywheel-secrets-property');

/** A server that never answers costs a whole deadline per case; the other faults answer at once. */
const FAULTS = LOOPBACK_FAULTS.filter((f) => f !== 'hang');
const servers = new Map<LoopbackFault, LoopbackFaultServer>();

beforeAll(async () => {
  for (const fault of FAULTS) servers.set(fault, await startLoopbackFault(fault));
});
afterAll(async () => {
  for (const server of servers.values()) await server.stop();
  temp.cleanup();
});

/** Characters a URL's user info takes as they are (RFC 3986 unreserved). */
const URL_SAFE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';
/** Printable ASCII without space: what a pasted token can hold, regex metacharacters included. */
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

/** A secret with a marker no output contains by chance, then `length` generated characters. */
const secretOf = (alphabet: string) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: 10, maxLength: 40 })
    .map((chars) => `Sx7q${chars.join('')}`);

interface Case {
  action: string;
  args: string[];
  env: Record<string, string>;
}

/** Every error path with a secret in it: what reads the secret, and where it points. */
const PATHS: Record<string, (secret: string, server: string, files: string) => Case> = {
  'attic-setup: credentials in the endpoint': (s, url) => ({
    action: 'attic-setup',
    args: ['--endpoint', withUserInfo(url, s), '--cache', 'main', '--fail-on-unreachable'],
    env: {},
  }),
  'attic-setup: the token input': (s, url) => ({
    action: 'attic-setup',
    args: ['--endpoint', url, '--cache', 'main', '--fail-on-unreachable'],
    env: { FLYWHEEL_INPUT_TOKEN: s },
  }),
  'attic-setup: credentials in the Bazel cache URL and its token': (s, url) => ({
    action: 'attic-setup',
    args: ['--bazel-remote-cache', withUserInfo(url, s), '--fail-on-unreachable'],
    env: { FLYWHEEL_INPUT_BAZEL_REMOTE_TOKEN: s },
  }),
  'benchmark: fleet with a token against the forge': (s, url) => ({
    action: 'benchmark',
    args: ['--mode', 'fleet', '--org', 'octo-org', '--api-timeout', '5s'],
    env: { FLYWHEEL_INPUT_TOKEN: s, FLYWHEEL_API_URL: url, CI_API_V4_URL: url },
  }),
  'benchmark: credentials in the Pushgateway URL': (s, url) => ({
    action: 'benchmark',
    args: ['--mode', 'fleet', '--org', 'octo-org', '--pushgateway-url', withUserInfo(url, s)],
    env: { FLYWHEEL_INPUT_TOKEN: 'not-the-secret-token', FLYWHEEL_API_URL: url, CI_API_V4_URL: url },
  }),
  'canary-check: a token against the forge': (s, url) => ({
    action: 'canary-check',
    args: [
      '--repositories',
      'octo-org/app',
      '--runner-labels',
      'nix',
      '--api-url',
      url,
      '--api-timeout',
      '5s',
    ],
    env: { FLYWHEEL_INPUT_TOKEN: s },
  }),
  'canary-check: credentials in the API URL': (s, url) => ({
    action: 'canary-check',
    args: ['--repositories', 'octo-org/app', '--runner-labels', 'nix', '--api-url', withUserInfo(url, s)],
    env: { FLYWHEEL_INPUT_TOKEN: 'not-the-secret-token' },
  }),
  'canary-check: a token spread over two lines': (s, url) => ({
    action: 'canary-check',
    args: ['--repositories', 'octo-org/app', '--runner-labels', 'nix', '--api-url', url],
    env: { FLYWHEEL_INPUT_TOKEN: `${s}\n${s}` },
  }),
  'arc-apply: a kubeconfig token against the API server': (s, url) => ({
    action: 'arc-apply',
    args: ['--scale-sets', 'tinyland-nix', '--kube-timeout', '5s', '--kubeconfig', kubeconfig(url, s)],
    env: {},
  }),
  'arc-apply: drift with the kubeconfig in a file': (s, url, files) => {
    const path = join(files, 'kubeconfig');
    writeFileSync(path, kubeconfig(url, s), { mode: 0o600 });
    return {
      action: 'arc-apply',
      args: ['--mode', 'drift', '--scale-sets', 'tinyland-nix', '--kube-timeout', '5s', '--kubeconfig', path],
      env: {},
    };
  },
  'arc-apply: kubeconfig content that is not YAML': (s) => ({
    action: 'arc-apply',
    args: ['--scale-sets', 'tinyland-nix', '--kubeconfig', `apiVersion: v1\nusers: [ { token: ${s}\n\t- : :`],
    env: {},
  }),
};

function withUserInfo(url: string, secret: string): string {
  const u = new URL(url);
  return `${u.protocol}//ops:${secret}@${u.host}`;
}

function kubeconfig(server: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
    `users: [{name: u, user: {token: ${JSON.stringify(token)}}}]`,
    'contexts: [{name: c, context: {cluster: c, user: u}}]',
    'current-context: c',
    '',
  ].join('\n');
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  files: string[];
}

/** One `flywheel <action>` as a terminal user or a GitLab job runs it; killed if it outlives 90 s. */
async function run(c: Case, platform: 'terminal' | 'gitlab', serverUrl: string): Promise<Run> {
  const home = temp.make();
  const runnerTemp = temp.make();
  const project = temp.make();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    TMPDIR: runnerTemp,
    RUNNER_TEMP: runnerTemp,
    FLYWHEEL_STATE_FILE: join(runnerTemp, 'state.json'),
    ...(platform === 'gitlab'
      ? {
          GITLAB_CI: 'true',
          CI: 'true',
          CI_PROJECT_DIR: project,
          CI_SERVER_URL: serverUrl,
          CI_API_V4_URL: `${serverUrl}/api/v4`,
          CI_PROJECT_PATH: 'octo-org/app',
          CI_JOB_ID: '1',
          CI_PIPELINE_ID: '1',
          CI_COMMIT_SHA: '0'.repeat(40),
          CI_COMMIT_REF_NAME: 'main',
        }
      : {}),
    ...c.env,
  };
  const { code, stdout, stderr } = await runToEnd(node24, [cli, c.action, ...c.args], {
    cwd: home,
    env,
    deadlineMs: 90_000,
  });
  return { code, stdout, stderr, files: [home, runnerTemp, project].flatMap(filesWithContent) };
}

/** The secret as written, and as JSON or a URL would escape it. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

describe('no secret is echoed on any error path', () => {
  it.each(Object.keys(PATHS))(
    '%s',
    async (path) => {
      const alphabet = /URL|endpoint/.test(path) ? URL_SAFE : PRINTABLE;
      await fc.assert(
        fc.asyncProperty(
          secretOf(alphabet),
          fc.constantFrom(...FAULTS),
          fc.constantFrom('terminal' as const, 'gitlab' as const),
          async (secret, fault, platform) => {
            const url = servers.get(fault)!.url;
            const c = PATHS[path]!(secret, url, temp.make());
            const outcome = await run(c, platform, url);
            const shown = `${c.action} ${platform} ${fault}: exit ${outcome.code}\n${outcome.stderr.slice(-1500)}\n${outcome.stdout.slice(-1500)}`;
            expect(outcome.code, shown).not.toBe(0);
            expect(outcome.code, `killed after 90 s: ${shown}`).not.toBeNull();
            // The run reached the action and ended in a classified error (a CLI that never started
            // would pass every leak check below).
            // (A GitLab job logs to stdout, a terminal to stderr.)
            const log = `${outcome.stdout}\n${outcome.stderr}`;
            const code = /\[([A-Z][A-Z0-9_]+)\]/.exec(log)?.[1];
            expect(code, shown).toBeDefined();
            expect(code, shown).not.toBe('INTERNAL');
            expect(log, shown).not.toMatch(/Unexpected failure|^\s+at .+:\d+:\d+\)?$/m);
            const everything = [outcome.stdout, outcome.stderr, ...outcome.files].join('\n');
            for (const form of forms(secret))
              expect(everything.includes(form), `${form} leaked: ${shown}`).toBe(false);
          },
        ),
        { numRuns: 6 },
      );
    },
    600_000,
  );
});
