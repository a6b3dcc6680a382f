/**
 * The GitLab side of a release, as a downstream project meets it (issue 11, finding 7):
 * - the component project is the release artifact `release.mjs gitlab-project` makes (gitlab-templates/
 *   split out of the tag v1.0.0, tagged 1.0.0), served over HTTP like a GitLab instance serves it;
 * - the downstream pipeline is the README's attic-setup example as written — `include: component:`
 *   at 1.0.0, a build job that extends the hidden cache job with `image: nixos/nix` and runs
 *   `nix build .#default` — with only the hosts, the token and the instance name replaced;
 * - `$[[ component.version ]]` pins the CLI: the job fetches @gloriousflywheel/flywheel@1.0.0 from
 *   a registry stand-in holding the package this checkout packs;
 * - the job's PATH has no `node` at all, as in nixos/nix: the bootstrap runs the CLI on nodejs_24
 *   from nixpkgs through real Nix, with `nixpkgs` resolved by a flake registry to a local flake whose
 *   nodejs_24 is the Node 24 npm installed here (this machine cannot reach the Nix cache).
 *
 * What gitlab-ci-local 4.60 lacks is done here the way GitLab does it: it interpolates only
 * `$[[ inputs.* ]]` (src/parser.js), so the one `component.version` of the fetched template is
 * replaced after it fetched it and before the pipeline runs — with the version it was included at,
 * which GitLab sets for a catalog release (the component context, GitLab 18.6).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeFor, repoRoot, tempDirs } from '@gloriousflywheel/testkit';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { FakeBazelRemote } from '@gloriousflywheel/testkit/bazel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabProject } from '../../scripts/release.mjs';
import { FakeNpmRegistry } from './helpers/npm-registry';
import { gitlabCiLocalNode, pipelineMissingReason } from './helpers/pipeline';
import { ServedProjects } from './helpers/served-projects';

const VERSION = '1.0.0';
const gclEntry = join(repoRoot, 'node_modules', 'gitlab-ci-local', 'src', 'index.js');
const temp = tempDirs('flywheel-released-components');

function missing(): string | undefined {
  const reason = pipelineMissingReason();
  if (reason) return reason;
  if (spawnSync('nix', ['--version']).status !== 0) return 'Nix (Debian nix-bin) is missing: skipped';
  if (spawnSync('git', ['http-backend'], { env: { REQUEST_METHOD: 'GET' } }).error)
    return 'git http-backend is missing: skipped';
  if (spawnSync('npm', ['--version']).status !== 0) return 'npm is missing: skipped';
  return undefined;
}
const reason = missing();

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=ci@flywheel.test', '-c', 'user.name=ci', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** The README's attic-setup example, verbatim: the first YAML block under `## attic-setup`. */
function readmeExample(): string {
  const readme = readFileSync(join(repoRoot, 'gitlab-templates', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## attic-setup\n'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('gitlab-templates/README.md has no attic-setup example');
  return block[1]!;
}

/** A folder of links to every program of /usr/bin but Node's: a PATH with no `node`, as nixos/nix has. */
function pathWithoutNode(): string {
  const bin = temp.make();
  for (const name of readdirSync('/usr/bin')) {
    if (/^(node|nodejs|npm|npx|corepack)$/.test(name)) continue;
    symlinkSync(join('/usr/bin', name), join(bin, name));
  }
  return bin;
}

/**
 * `nixpkgs` for this test: a local flake whose nodejs_24 is the Node 24 npm installed here, with
 * npm and npx beside it (the system's npm, run by that Node), as nixpkgs' nodejs_24 carries them.
 */
function nixpkgsStandIn(): string {
  const dir = temp.make();
  const node = realpathSync(nodeFor('node24'));
  const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  const npmBin = dirname(npmCli);
  const build = [
    'export PATH=/usr/bin:/bin',
    'mkdir -p "$out/bin"',
    `ln -s ${node} "$out/bin/node"`,
    `printf '#!/bin/sh\\nexec %s %s "$@"\\n' "$out/bin/node" ${join(npmBin, 'npm-cli.js')} > "$out/bin/npm"`,
    `printf '#!/bin/sh\\nexec %s %s "$@"\\n' "$out/bin/node" ${join(npmBin, 'npx-cli.js')} > "$out/bin/npx"`,
    'chmod +x "$out/bin/npm" "$out/bin/npx"',
  ].join('\n');
  writeFileSync(join(dir, 'build.sh'), `${build}\n`);
  writeFileSync(
    join(dir, 'flake.nix'),
    `{\n  outputs = { self }: {\n    legacyPackages.x86_64-linux.nodejs_24 = derivation {\n      name = "nodejs-24-standin";\n      system = "x86_64-linux";\n      builder = "/bin/sh";\n      args = [ ./build.sh ];\n    };\n  };\n}\n`,
  );
  const registry = join(temp.make(), 'registry.json');
  writeFileSync(
    registry,
    JSON.stringify({
      version: 2,
      flakes: [{ from: { type: 'indirect', id: 'nixpkgs' }, to: { type: 'path', path: dir } }],
    }),
  );
  return registry;
}

/** The CLI as npm would publish it at VERSION: this checkout's package, packed, its version set. */
function packedCli(): { tarball: string; manifest: Record<string, unknown> } {
  const out = temp.make();
  const json = execFileSync('npm', ['pack', '--workspace', 'apps/cli', '--pack-destination', out, '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packed = join(out, JSON.parse(json.slice(json.indexOf('[')))[0].filename);
  const unpacked = temp.make();
  execFileSync('tar', ['-xzf', packed, '-C', unpacked]);
  const manifestPath = join(unpacked, 'package', 'package.json');
  const manifest = { ...JSON.parse(readFileSync(manifestPath, 'utf8')), version: VERSION };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const tarball = join(out, `flywheel-${VERSION}.tgz`);
  execFileSync('tar', ['-czf', tarball, '-C', unpacked, 'package']);
  return { tarball, manifest };
}

describe.skipIf(reason !== undefined)(`released components (${reason ?? 'gitlab-ci-local, Nix'})`, () => {
  let served: ServedProjects;
  let registry: FakeNpmRegistry;
  let attic: FakeAtticServer;
  let bazel: FakeBazelRemote;
  let consumer: string;
  let run: { exitCode: number; log: string };
  let fetchedTemplate = '';

  beforeAll(async () => {
    // The component project of release 1.0.0, made by the release command from a tagged commit.
    const projects = temp.make();
    served = new ServedProjects(projects);
    await served.start();
    const project = join(projects, 'gloriousflywheel', 'actions.git');
    mkdirSync(project, { recursive: true });
    git(project, 'init', '-q', '--bare');
    git(project, 'config', 'uploadpack.allowFilter', 'true');
    const source = temp.make();
    execFileSync('cp', ['-r', join(repoRoot, 'gitlab-templates'), join(source, 'gitlab-templates')]);
    git(source, 'init', '-q');
    git(source, 'add', '-A');
    git(source, 'commit', '-qm', 'the components at the release');
    git(source, 'tag', `v${VERSION}`);
    gitlabProject(source, `v${VERSION}`, { push: project });

    registry = new FakeNpmRegistry('@gloriousflywheel/flywheel');
    await registry.start();
    const { tarball, manifest } = packedCli();
    registry.publish(tarball, manifest);

    attic = new FakeAtticServer();
    await attic.start();
    attic.createCache('main', { isPublic: false });
    const atticToken = attic.issueToken({ caches: { main: { r: 1, w: 1 } } });
    bazel = new FakeBazelRemote();
    await bazel.start();

    // The downstream project: the README example, its hosts pointed here, and a flake to build.
    consumer = temp.make();
    const pipeline = readmeExample()
      .replace('$CI_SERVER_FQDN/gloriousflywheel/actions/', `${served.hostPort}/gloriousflywheel/actions/`)
      .replace('https://attic.internal.example/', `${attic.url}/`)
      .replace('https://bazel-cache.internal.example/', `${bazel.url}/`);
    writeFileSync(join(consumer, '.gitlab-ci.yml'), pipeline);
    // A derivation of this run alone: the machine's Nix store outlives the test, and an output an
    // earlier run built would be no new path, so nothing would be pushed.
    const nonce = randomUUID();
    writeFileSync(
      join(consumer, 'flake.nix'),
      `{\n  outputs = { self }: {\n    packages.x86_64-linux.default = derivation {\n      name = "flywheel-downstream";\n      system = "x86_64-linux";\n      builder = "/bin/sh";\n      args = [ "-c" "echo built by the downstream job ${nonce} > $out" ];\n    };\n  };\n}\n`,
    );
    git(consumer, 'init', '-q', '-b', 'main');
    git(consumer, 'remote', 'add', 'origin', `${served.url}/downstream/app.git`);
    git(consumer, 'add', '-A');
    git(consumer, 'commit', '-qm', 'a downstream project');

    const path = pathWithoutNode();
    expect(spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: path } }).status).not.toBe(0);
    const home = temp.make();
    const env = {
      PATH: path,
      HOME: home,
      FORCE_COLOR: '0',
      npm_config_registry: `${registry.url}/`,
      npm_config_cache: join(home, '.npm'),
      npm_config_update_notifier: 'false',
      NIX_CONFIG: [
        'experimental-features = nix-command flakes',
        'sandbox = false',
        'build-users-group =',
        'substituters =',
        `flake-registry = ${nixpkgsStandIn()}`,
      ].join('\n'),
    };
    const gcl = (args: string[]) =>
      new Promise<{ exitCode: number; log: string }>((resolve, reject) => {
        const child = spawn(
          gitlabCiLocalNode()!,
          [gclEntry, '--force-shell-executor', '--no-color', '--home', home, ...args],
          { cwd: consumer, env },
        );
        let log = '';
        child.stdout.on('data', (d: Buffer) => {
          log += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
          log += d.toString();
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ exitCode: code ?? -1, log });
        });
      });
    const variables = ['--variable', 'GITLAB_CI=true', '--variable', `ATTIC_TOKEN=${atticToken}`];
    // Fetch the include as gitlab-ci-local does, then give it the component context GitLab gives.
    const preview = await gcl(['--preview', ...variables]);
    expect(preview.exitCode, preview.log).toBe(0);
    const fetched = join(
      consumer,
      '.gitlab-ci-local',
      'includes',
      '127.0.0.1',
      'gloriousflywheel',
      'actions',
      VERSION,
      'templates',
      'attic-setup.yml',
    );
    expect(existsSync(fetched), preview.log).toBe(true);
    fetchedTemplate = readFileSync(fetched, 'utf8');
    writeFileSync(fetched, fetchedTemplate.replaceAll('$[[ component.version ]]', VERSION));
    chmodSync(fetched, 0o644);
    run = await gcl(['--concurrency', '1', ...variables]);
  }, 600_000);

  afterAll(async () => {
    await served?.stop();
    await registry?.stop();
    await attic?.stop();
    await bazel?.stop();
    temp.cleanup();
  });

  it('includes the component from the released project over HTTP, at 1.0.0', () => {
    expect(
      served.log.some(
        (r) => r.path === `/gloriousflywheel/actions/-/raw/${VERSION}/templates/attic-setup.yml`,
      ),
    ).toBe(true);
    expect(served.log.some((r) => r.path.endsWith('/git-upload-pack'))).toBe(true);
    expect(fetchedTemplate).toContain('FLYWHEEL_COMPONENT_VERSION: $[[ component.version ]]');
  });

  it('runs the README example green, on an image without Node: the CLI on nodejs_24 from nixpkgs', () => {
    expect(run.log).toContain('running the CLI on nodejs_24 from nixpkgs');
    expect(run.log).toMatch(/PASS\s+build/);
    expect(run.exitCode, run.log.slice(-5000)).toBe(0);
  });

  it('runs exactly the CLI the component version pins', () => {
    expect(registry.downloads()).toEqual([VERSION]);
    expect(run.log).not.toContain('using the latest CLI');
  });

  it('wired the cache into the build and pushed what it built', () => {
    const report = join(consumer, '.gitlab-ci-local', 'artifacts', 'build', '.flywheel', 'attic-setup');
    const post = JSON.parse(readFileSync(join(report, 'post-result.json'), 'utf8'));
    expect(post.error, JSON.stringify(post)).toBeUndefined();
    expect(attic.uploads.some((u) => JSON.stringify(u).includes('flywheel-downstream'))).toBe(true);
  });
});
