/**
 * Runs a GitLab pipeline on this machine with gitlab-ci-local and its shell executor: a throwaway
 * git project holding the component templates and a test `.gitlab-ci.yml` that includes them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { scratchDir } from '@gloriousflywheel/testkit';
import { nodeFor } from '@gloriousflywheel/testkit/harness';
import { repoRoot } from '../../../scripts/action-modules';

/** The project path the throwaway projects claim (CI_PROJECT_PATH). */
export const REMOTE_PATH = 'platform/components';
const gclEntry = join(repoRoot, 'node_modules', 'gitlab-ci-local', 'src', 'index.js');
const cliBundle = join(repoRoot, 'apps', 'cli', 'dist', 'index.js');

/** Node binaries on PATH other than the repo's own, then this process's: the first that can run it wins. */
function nodeCandidates(): string[] {
  const fromPath = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.includes('node_modules'))
    .map((dir) => join(dir, 'node'))
    .filter((file) => existsSync(file));
  return [
    ...new Set([
      ...(process.env['FLYWHEEL_GCL_NODE'] ? [process.env['FLYWHEEL_GCL_NODE']] : []),
      ...fromPath,
      process.execPath,
    ]),
  ];
}

let resolvedNode: string | null | undefined;

/**
 * gitlab-ci-local carries a native module (re2) built for the Node that ran `npm ci`; the test runs it
 * with whichever Node loads it.
 */
export function gitlabCiLocalNode(): string | undefined {
  if (resolvedNode !== undefined) return resolvedNode ?? undefined;
  resolvedNode = null;
  if (!existsSync(gclEntry)) return undefined;
  for (const node of nodeCandidates()) {
    const probe = spawnSync(node, [gclEntry, '--version'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) {
      resolvedNode = node;
      break;
    }
  }
  return resolvedNode ?? undefined;
}

/** Why the pipeline tests cannot run here, or undefined when they can. */
export function pipelineMissingReason(): string | undefined {
  if (!existsSync(gclEntry)) return 'gitlab-ci-local is not installed (npm ci): skipped';
  if (spawnSync('rsync', ['--version']).status !== 0) return 'rsync (Debian) is missing: skipped';
  if (!gitlabCiLocalNode()) return 'no Node on this machine can load gitlab-ci-local: skipped';
  return undefined;
}

/** The command a component's `cli-command` input gets: the CLI built from this checkout. */
export function cliCommand(): string {
  return process.env['FLYWHEEL_E2E_CLI'] ?? `${nodeFor('node24')} ${cliBundle}`;
}

export interface Project {
  dir: string;
  /** Runs the whole pipeline (or the named jobs); resolves with the exit code and the log. */
  run(args?: string[]): Promise<{ exitCode: number; log: string }>;
}

/**
 * A git project with the component templates under templates/ and the given pipeline; without a
 * pipeline, a copy of the whole component project (its own .gitlab-ci.yml included).
 */
export function createProject(gitlabCi?: string, files: Record<string, string> = {}): Project {
  const dir = scratchDir('flywheel-gitlab');
  if (gitlabCi === undefined) {
    cpSync(join(repoRoot, 'gitlab-templates'), dir, { recursive: true });
  } else {
    cpSync(join(repoRoot, 'gitlab-templates', 'templates'), join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, '.gitlab-ci.yml'), gitlabCi);
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `git@gitlab.flywheel.test:${REMOTE_PATH}.git`);
  git('add', '-A');
  git('-c', 'user.email=ci@flywheel.test', '-c', 'user.name=ci', 'commit', '-q', '-m', 'pipeline under test');
  const home = join(dir, '.home');
  mkdirSync(home);

  return {
    dir,
    run(args = []) {
      const node = gitlabCiLocalNode();
      if (!node) throw new Error('gitlab-ci-local cannot run here');
      return new Promise((resolve, reject) => {
        const child = spawn(
          node,
          [gclEntry, '--shell-executor-no-image', '--no-color', '--home', home, ...args],
          { cwd: dir, env: { ...process.env, HOME: home, FORCE_COLOR: '0' } },
        );
        let log = '';
        child.stdout.on('data', (d: Buffer) => {
          log += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
          log += d.toString();
        });
        // A hung pipeline must not hang the suite.
        const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ exitCode: code ?? -1, log });
        });
      });
    },
  };
}

/** Parses a dotenv report into a map. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
