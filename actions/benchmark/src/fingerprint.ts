import { createHash } from 'node:crypto';
import { availableParallelism, release, totalmem, type } from 'node:os';
import { runProcess } from '@gloriousflywheel/shared';
import { readCgroupLimits, readCpuInfo, readText } from '@gloriousflywheel/shared/system';

/** What the results of one runner class have in common: baselines only compare like with like. */
export interface RunnerFingerprint {
  labels: string[];
  os: string;
  kernel: string;
  cpuModel: string | null;
  /** Cores usable by the job: the cgroup CPU quota when there is one, else the logical processors. */
  cores: number;
  memoryLimitBytes: number;
  /** The runner image (`ImageOS`/`ImageVersion` on hosted images, `RUNNER_IMAGE` on ours), if known. */
  image: string | null;
  nixVersion: string | null;
  /** A short hash of the fields above, except labels' order; part of the baseline key. */
  hash: string;
}

export interface FingerprintOptions {
  labels: string[];
  env?: NodeJS.ProcessEnv;
  root?: string;
}

function osName(root: string): string {
  const text = readText(root, 'etc', 'os-release');
  const pretty = text ? /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] : undefined;
  return pretty ?? type();
}

async function nixVersion(env: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    const result = await runProcess('nix', ['--version'], { env, timeoutMs: 10_000 });
    return result.exitCode === 0 ? result.stdout.trim().replace(/^nix \(Nix\) /, '') : null;
  } catch {
    return null;
  }
}

export async function fingerprint(options: FingerprintOptions): Promise<RunnerFingerprint> {
  const env = options.env ?? process.env;
  const root = options.root ?? '/';
  const limits = readCgroupLimits(root);
  const cpu = readCpuInfo(root);
  const processors = cpu?.processors || availableParallelism();
  const cores = limits?.cpuLimitCores ? Math.min(processors, limits.cpuLimitCores) : processors;
  const image =
    env['ImageOS'] && env['ImageVersion']
      ? `${env['ImageOS']}/${env['ImageVersion']}`
      : (env['RUNNER_IMAGE'] ?? env['CI_JOB_IMAGE'] ?? null);
  const fields = {
    labels: [...options.labels].sort(),
    os: osName(root),
    kernel: release(),
    cpuModel: cpu?.model ?? null,
    cores,
    memoryLimitBytes: limits?.memoryLimitBytes ?? totalmem(),
    image,
    nixVersion: await nixVersion(env),
  };
  return { ...fields, hash: fingerprintHash(fields) };
}

/** Kernel patch level is left out: it changes often and rarely moves a benchmark. */
export function fingerprintHash(f: Omit<RunnerFingerprint, 'hash' | 'kernel'> & { kernel?: string }): string {
  const stable = [
    f.labels.join(','),
    f.os,
    f.cpuModel ?? '',
    f.cores,
    f.memoryLimitBytes,
    f.image ?? '',
    f.nixVersion ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 12);
}
