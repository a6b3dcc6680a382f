/**
 * Startup cost of each action bundle against bare `node -e 0` on the same Node 24 binary, measured
 * interleaved in one run; plus what each loads at start (its entry and the chunks it imports
 * statically). Targets (issue 2): attic-setup, benchmark and canary-check ≤ 3.5× and ≤ 1.5 MB
 * loaded at start; arc-apply reports its figure and stays ≤ 10×.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFor, repoRoot } from '@gloriousflywheel/testkit';
import { bundleFiles, sizeOf } from '@gloriousflywheel/testkit/harness';
import { type BenchReport, median, round, target } from '../lib';

const REPEATS = 21;
const LIGHT = ['attic-setup', 'benchmark', 'canary-check'];

/** Inputs that let main start and stop at once without touching the network. */
const MINIMAL_INPUTS: Record<string, Record<string, string>> = {
  'attic-setup': { INPUT_ENDPOINT: 'not a url' },
  benchmark: { INPUT_RUNS: '0' },
  'canary-check': { INPUT_REPOSITORIES: 'not-a-repo' },
  'arc-apply': { INPUT_MODE: 'no-such-mode' },
};

function githubEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
  };
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    env[name] = join(dir, name);
    writeFileSync(env[name]!, '');
  }
  return env;
}

function timeOnce(node: string, args: string[], env: Record<string, string>): number {
  const start = process.hrtime.bigint();
  spawnSync(node, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<BenchReport> {
  const node = nodeFor('node24');
  const report: BenchReport = { suite: 'startup', metrics: {}, targets: [], notes: [] };
  const env = githubEnv();
  const bundles = Object.keys(MINIMAL_INPUTS)
    .map((name) => ({ name, file: join(repoRoot, 'actions', name, 'dist', 'index.js') }))
    .filter((b) => existsSync(b.file));
  const samples: Record<string, number[]> = { baseline: [] };
  for (const b of bundles) samples[b.name] = [];
  for (let i = 0; i < REPEATS + 2; i++) {
    const warm = i < 2;
    const base = timeOnce(node, ['-e', '0'], env);
    if (!warm) samples['baseline']!.push(base);
    for (const b of bundles) {
      const t = timeOnce(node, [b.file], { ...env, ...MINIMAL_INPUTS[b.name] });
      if (!warm) samples[b.name]!.push(t);
    }
  }
  const baseline = median(samples['baseline']!);
  report.metrics['node -e 0 median ms'] = round(baseline, 1);
  for (const b of bundles) {
    const ratio = median(samples[b.name]!) / baseline;
    const loaded = bundleFiles(b.file);
    const mb = sizeOf(loaded.atStart) / 1e6;
    report.metrics[`${b.name} startup ratio`] = round(ratio, 2);
    report.metrics[`${b.name} loaded at start MB`] = round(mb, 2);
    report.metrics[`${b.name} loaded on demand MB`] = round(sizeOf(loaded.onDemand) / 1e6, 2);
    if (LIGHT.includes(b.name)) {
      report.targets.push(target(`${b.name} startup ratio`, round(ratio, 2), '<=', 3.5));
      report.targets.push(target(`${b.name} loaded at start MB`, round(mb, 2), '<=', 1.5));
    } else {
      report.targets.push(target(`${b.name} startup ratio`, round(ratio, 2), '<=', 10));
    }
  }
  rmSync(env['RUNNER_TEMP']!, { recursive: true, force: true });
  report.notes.push(`${REPEATS} interleaved runs each, medians, Node ${process.version}`);
  return report;
}
