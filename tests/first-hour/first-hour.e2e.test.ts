/**
 * The first hour of a new user, scripted (issue 11's acceptance): a fresh clone of HEAD, `npm ci`,
 * the checks of `npm test` that a clone can spoil (lint, the dist check), a clean `git status`,
 * `npx flywheel --help`, then 20+ wrong invocations across the four actions.
 *
 * Kept within CI's budget: `npm ci --prefer-offline --ignore-scripts` installs from the npm cache
 * that CI's own `npm ci` filled moments before (about 40 s here), then runs only the install scripts
 * the clone needs (Node 24 and esbuild; gitlab-ci-local's native re2, ten minutes of C++ on two
 * cores, serves only the GitLab tests); the brotli'd wasm the build caches is shared (its cache key is
 * its content). The whole suite is not run again inside itself: CI runs it in its own fresh clone,
 * and .ci/run fails when that leaves the tree dirty.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import {
  filesWithContent,
  nodeFor,
  type ProcessEnd,
  repoRoot,
  runToEnd,
  tempDirs,
} from '@gloriousflywheel/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type Invocation, invocations, type Places, TOKEN } from './invocations';

const temp = tempDirs('flywheel-first-hour');
const sockets = new Set<Socket>();
let silentServer: Server;
let clone: string;
let places: Places;

const node24 = nodeFor('node24');
/** What a user's shell has: Node 24 and the system's tools, nothing of this checkout. */
const PATH = [dirname(node24), '/usr/local/bin', '/usr/bin', '/bin'].join(':');

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH, npm_config_update_notifier: 'false', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "' + server + '", insecure-skip-tls-verify: true}}]',
    `users: [{name: u, user: {token: ${TOKEN}}}]`,
    'contexts: [{name: c, context: {cluster: c, user: u}}]',
    'current-context: c',
    '',
  ].join('\n');
}

beforeAll(async () => {
  clone = join(temp.make(), 'actions');
  sh('git', ['clone', '--quiet', '--no-local', repoRoot, clone], temp.make());
  sh('npm', ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], clone);
  sh('npm', ['rebuild', 'node', 'esbuild', '--no-audit', '--no-fund'], clone);
  const cache = join(repoRoot, 'node_modules', '.cache', 'flywheel-build');
  for (const f of existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.wasm.br')) : []) {
    mkdirSync(join(clone, 'node_modules', '.cache', 'flywheel-build'), { recursive: true });
    cpSync(join(cache, f), join(clone, 'node_modules', '.cache', 'flywheel-build', f));
  }

  const refusing = createServer();
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
  const refusedPort = (refusing.address() as { port: number }).port;
  await new Promise((r) => refusing.close(r));
  silentServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => silentServer.listen(0, '127.0.0.1', r));
  const silentPort = (silentServer.address() as { port: number }).port;
  const files = temp.make();
  const write = (name: string, text: string) => {
    writeFileSync(join(files, name), text);
    return join(files, name);
  };
  places = {
    refused: `127.0.0.1:${refusedPort}`,
    silent: `127.0.0.1:${silentPort}`,
    unresolvable: 'flywheel-first-hour.invalid',
    file: write('a-file', 'not a folder\n'),
    kubeconfigNotYaml: write('not-yaml', 'clusters: [ { name: {{ oops\n\t- :\n'),
    kubeconfigRefused: write('refused.yaml', kubeconfig(`https://127.0.0.1:${refusedPort}`)),
    kubeconfigSilent: write('silent.yaml', kubeconfig(`https://127.0.0.1:${silentPort}`)),
  };
}, 900_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => (silentServer ? silentServer.close(r) : r(undefined)));
  temp.cleanup();
});

describe('the first hour, from a fresh clone', () => {
  it('passes the checks a clone can spoil and stays clean: lint, the dist check (contents and modes)', () => {
    sh('npm', ['run', 'lint'], clone);
    sh('npm', ['run', 'check:dist'], clone);
    expect(sh('git', ['status', '--porcelain'], clone)).toBe('');
  }, 600_000);

  it('answers `npx flywheel --help` right after npm ci, and stays clean', () => {
    const help = sh('npx', ['flywheel', '--help'], clone);
    expect(help).toContain('Usage:');
    for (const action of ['attic-setup', 'benchmark', 'canary-check', 'arc-apply'])
      expect(help).toContain(action);
    expect(sh('git', ['status', '--porcelain'], clone)).toBe('');
  }, 300_000);

  it('has 20 or more wrong invocations across the four actions', () => {
    const all = invocations(places);
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(new Set(all.map((i) => i.args[0]))).toEqual(
      new Set(['attic-setup', 'benchmark', 'canary-check', 'arc-apply']),
    );
  });
});

interface Outcome extends ProcessEnd {
  runnerTemp: string;
}

/** Runs one invocation as a user's shell would, killed (and reported hung) past its deadline. */
async function run(invocation: Invocation): Promise<Outcome> {
  const home = temp.make();
  const runnerTemp = temp.make();
  const end = await runToEnd(join(clone, 'node_modules', '.bin', 'flywheel'), invocation.args, {
    cwd: home,
    env: {
      PATH,
      HOME: home,
      RUNNER_TEMP: runnerTemp,
      FLYWHEEL_STATE_FILE: join(runnerTemp, 'state.json'),
      ...invocation.env,
    },
    deadlineMs: invocation.deadline * 1000,
  });
  return { ...end, runnerTemp };
}

/** `error: [CODE] …` from the runner, `flywheel: [CODE] …` for a command line the CLI refused. */
const CODE_LINE = /^\s*(?:error|flywheel): \[([A-Z][A-Z0-9_]*)\]/;

describe('wrong invocations', () => {
  // Built lazily: the places exist only once beforeAll has run.
  const cases = invocations({
    refused: '',
    silent: '',
    unresolvable: '',
    file: '',
    kubeconfigNotYaml: '',
    kubeconfigRefused: '',
    kubeconfigSilent: '',
  }).map((c, i) => [c.name, i] as const);

  it.concurrent.each(cases)(
    '%s: ends non-zero in time, one coded line, no stack, no secret',
    async (_name, index) => {
      const invocation = invocations(places)[index]!;
      const outcome = await run(invocation);
      const shown = `${invocation.args.join(' ')}\n--- stderr\n${outcome.stderr.slice(-2000)}\n--- stdout\n${outcome.stdout.slice(-1000)}`;
      expect(outcome.hung, `still running after ${invocation.deadline}s: ${shown}`).toBe(false);
      expect(outcome.code, shown).not.toBe(0);
      expect(outcome.code, shown).not.toBeNull();
      const coded = outcome.stderr.split('\n').filter((l) => CODE_LINE.test(l));
      expect(coded, shown).toHaveLength(1);
      const code = CODE_LINE.exec(coded[0]!)![1];
      expect(code, shown).not.toBe('INTERNAL');
      expect(outcome.stderr, shown).not.toMatch(/^\s+at .+[(:]\d+:\d+\)?$|Unexpected failure/m);
      // stdout is not a terminal here: a script gets the same code in the envelope.
      expect(JSON.parse(outcome.stdout).error.code, shown).toBe(code);
      const everything = [outcome.stdout, outcome.stderr, ...filesWithContent(outcome.runnerTemp)].join('\n');
      for (const secret of invocation.secrets ?? [])
        expect(everything.includes(secret), `${secret} leaked: ${shown}`).toBe(false);
    },
    240_000,
  );
});

/**
 * The maintainer's side, in the same clone once the user is done with it: the whole release flow
 * against throwaway bare repositories standing in for GitHub and for the GitLab component project.
 * prepare (the changelog entry) → release.mjs (bump, tag vX.Y.Z, move vX, atomic push) → what a
 * downstream workflow copied from the README resolves to → the component project split and tagged.
 */
describe('the first release, from the same clone', () => {
  let github: string;
  let gitlab: string;
  const git = (cwd: string, ...args: string[]) => sh('git', args, cwd).trim();

  /** The Unreleased notes move under the version; a release with none gets one line of its own. */
  function prepare(version: string, note?: string) {
    const path = join(clone, 'CHANGELOG.md');
    const today = new Date().toISOString().slice(0, 10);
    const added = note ? `\n### Fixed\n\n- ${note}\n` : '';
    const text = readFileSync(path, 'utf8').replace(
      '## [Unreleased]\n',
      `## [Unreleased]\n\n## [${version}] - ${today}\n${added}`,
    );
    writeFileSync(path, text);
    git(
      clone,
      '-c',
      'user.email=release@flywheel.test',
      '-c',
      'user.name=release',
      'commit',
      '-qam',
      `Prepare ${version}`,
    );
  }

  function release(version: string, note?: string) {
    prepare(version, note);
    return sh(process.execPath, [join(clone, 'scripts', 'release.mjs'), version], clone, {
      GIT_AUTHOR_NAME: 'release',
      GIT_AUTHOR_EMAIL: 'release@flywheel.test',
      GIT_COMMITTER_NAME: 'release',
      GIT_COMMITTER_EMAIL: 'release@flywheel.test',
    });
  }

  /** `uses: owner/repo/path@ref` of a downstream workflow, resolved the way GitHub resolves it. */
  function resolveUses(uses: string) {
    const m = /^([^/]+)\/([^/]+)\/(.+)@(.+)$/.exec(uses);
    expect(m, uses).not.toBeNull();
    const [, owner, repo, path = '', ref = ''] = m!;
    expect(`${owner}/${repo}`).toBe('GloriousFlywheel/actions');
    const commit = git(github, 'rev-parse', `${ref}^{commit}`);
    // What the runner downloads is `git archive` of that commit: it must hold the action and its bundle.
    const files = sh('sh', ['-c', `git archive ${commit} | tar -t`], github).split('\n');
    const action = parseYaml(git(github, 'show', `${commit}:${path}/action.yml`)) as {
      runs: { using: string; main: string; post?: string };
    };
    expect(action.runs.using).toBe('node24');
    for (const entry of [action.runs.main, action.runs.post].filter(Boolean))
      expect(files, `${path}/${entry}`).toContain(join(path, entry!));
    return commit;
  }

  beforeAll(() => {
    const remotes = temp.make();
    github = join(remotes, 'GloriousFlywheel', 'actions.git');
    gitlab = join(remotes, 'gloriousflywheel', 'actions-components.git');
    for (const bare of [github, gitlab]) {
      mkdirSync(bare, { recursive: true });
      git(bare, 'init', '-q', '--bare');
    }
    git(clone, 'checkout', '-q', '-B', 'main');
    git(clone, 'remote', 'set-url', 'origin', github);
    git(clone, 'push', '-q', 'origin', 'main');
  });

  it('tags v1.0.0, moves v1, and the README example `uses: …@v1` resolves to that commit', () => {
    const out = release('1.0.0');
    expect(out).toContain('tag v1.0.0');
    expect(out).toContain('move v1 to v1.0.0');
    const released = git(clone, 'rev-parse', 'HEAD');
    expect(git(github, 'rev-parse', 'v1.0.0^{commit}')).toBe(released);
    expect(git(github, 'rev-parse', 'v1^{commit}')).toBe(released);
    expect(git(github, 'rev-parse', 'main')).toBe(released);
    expect(JSON.parse(git(github, 'show', 'v1.0.0:apps/cli/package.json')).version).toBe('1.0.0');
    // A downstream workflow made of the README's examples, as a user would paste them.
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const steps = [...readme.matchAll(/```yaml\n(- uses: GloriousFlywheel[\s\S]*?)```/g)].flatMap(
      (m) => parseYaml(m[1]!) as { uses?: string }[],
    );
    const uses = steps.map((s) => s.uses).filter((u): u is string => Boolean(u));
    expect(uses.length).toBeGreaterThanOrEqual(4);
    for (const u of uses) expect(resolveUses(u), u).toBe(released);
  }, 300_000);

  it('moves v1 to the next release and leaves v1.0.0 where it was', () => {
    const first = git(github, 'rev-parse', 'v1.0.0^{commit}');
    release('1.0.1', 'A patch.');
    const second = git(clone, 'rev-parse', 'HEAD');
    expect(second).not.toBe(first);
    expect(git(github, 'rev-parse', 'v1^{commit}')).toBe(second);
    expect(git(github, 'rev-parse', 'v1.0.0^{commit}')).toBe(first);
    expect(resolveUses('GloriousFlywheel/actions/actions/arc-apply@v1')).toBe(second);
  }, 300_000);

  it('publishes gitlab-templates/ as the component project, tagged 1.0.0 and fast-forwarded to 1.0.1', () => {
    const publish = (tag: string) =>
      sh(
        process.execPath,
        [join(clone, 'scripts', 'release.mjs'), 'gitlab-project', tag, '--push', gitlab],
        clone,
      );
    publish('v1.0.0');
    const project100 = git(gitlab, 'rev-parse', '1.0.0^{commit}');
    expect(git(gitlab, 'rev-parse', `${project100}^{tree}`)).toBe(
      git(clone, 'rev-parse', 'v1.0.0:gitlab-templates'),
    );
    expect(git(gitlab, 'ls-tree', '--name-only', '1.0.0')).toContain('templates');
    publish('v1.0.1');
    const project101 = git(gitlab, 'rev-parse', '1.0.1^{commit}');
    expect(git(gitlab, 'rev-parse', 'main')).toBe(project101);
    // The project's history only grows: each release fast-forwards main.
    expect(git(gitlab, 'merge-base', '--is-ancestor', project100, project101)).toBe('');
  }, 300_000);
});
