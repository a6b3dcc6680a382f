import { dirname, resolve } from 'node:path';
import type { RunContext } from '@gloriousflywheel/shared';
import type { GitHubClient } from '@gloriousflywheel/shared/forge';
import type { CheckResult } from './checks';
import { checkCaches } from './inside/caches';
import { checkEnvelope } from './inside/capacity';
import { checkDevices } from './inside/devices';
import { checkHygiene } from './inside/hygiene';
import { checkIdentity } from './inside/identity';
import { checkToolchain } from './inside/toolchain';

export interface InsideRun {
  context: RunContext;
  expectedLabels: string[];
  jobId?: string;
  github?: GitHubClient;
  atticEndpoint?: string;
  atticCache: string;
  atticToken?: string;
  bazelUrl?: string;
  bazelToken?: string;
  expectCpu?: number;
  expectMemory?: string;
  minFreeDisk: string;
  expectDevices: string[];
  workRoot?: string;
  staleAfterMs: number;
  cleanup: boolean;
  nixStore: string;
  devRoot: string;
  systemRoot: string;
  now: Date;
}

/** Checks 1–6 from inside the job, on the runner it landed on. */
export async function runInside(run: InsideRun): Promise<CheckResult[]> {
  const workspace = run.context.workspace;
  const workRoot = run.workRoot ?? dirname(dirname(resolve(workspace)));
  const timed = async <T extends CheckResult | CheckResult[]>(fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await fn();
    const durationMs = performance.now() - started;
    for (const r of Array.isArray(out) ? out : [out])
      r.durationMs = durationMs / (Array.isArray(out) ? out.length : 1);
    return out;
  };
  const [identity, caches, toolchain, envelope, devices, hygiene] = await Promise.all([
    timed(() =>
      checkIdentity({
        context: run.context,
        expectedLabels: run.expectedLabels,
        ...(run.jobId ? { jobId: run.jobId } : {}),
        ...(run.github ? { github: run.github } : {}),
      }),
    ),
    timed(() =>
      checkCaches({
        atticCache: run.atticCache,
        ...(run.atticEndpoint ? { atticEndpoint: run.atticEndpoint } : {}),
        ...(run.atticToken ? { atticToken: run.atticToken } : {}),
        ...(run.bazelUrl ? { bazelUrl: run.bazelUrl } : {}),
        ...(run.bazelToken ? { bazelToken: run.bazelToken } : {}),
      }),
    ),
    timed(() => checkToolchain(run.nixStore)),
    timed(() =>
      checkEnvelope({
        systemRoot: run.systemRoot,
        minFreeDisk: run.minFreeDisk,
        ...(run.expectCpu !== undefined ? { expectCpu: run.expectCpu } : {}),
        ...(run.expectMemory ? { expectMemory: run.expectMemory } : {}),
        disks: [
          { name: 'workspace', path: workspace },
          { name: 'nix-store', path: run.nixStore },
        ],
      }),
    ),
    timed(() => checkDevices(run.devRoot, run.expectDevices)),
    timed(() =>
      checkHygiene({
        workRoot,
        workspace,
        staleAfterMs: run.staleAfterMs,
        cleanup: run.cleanup,
        now: run.now,
      }),
    ),
  ]);
  return [identity, ...caches, toolchain, ...envelope, ...devices, hygiene];
}
