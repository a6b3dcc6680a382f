import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { FlywheelError } from '../errors';
import { runProcess } from '../exec';
import type { NarStream, StorePathInfo } from './attic-client';
import { narStream } from './nar-writer';

/** Store paths per `nix` invocation: keeps argv far below the kernel's limit on any store. */
const ARGV_BATCH = 500;

export interface NixStoreOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** How NARs are made: read from the files here (default), or by `nix-store --dump`. */
  dumpWith?: 'files' | 'nix-store';
}

/** Reads path metadata and NARs from the local store with the Nix tools that are already installed. */
export class NixStore {
  constructor(private readonly options: NixStoreOptions = {}) {}

  /** Which of the paths are valid (registered) now; a path still being built is not. */
  async validPaths(paths: string[]): Promise<string[]> {
    const invalid = new Set<string>();
    for (let i = 0; i < paths.length; i += ARGV_BATCH) {
      const batch = paths.slice(i, i + ARGV_BATCH);
      const res = await runProcess(
        'nix-store',
        ['--check-validity', '--print-invalid', ...batch],
        this.run(),
      );
      if (res.exitCode !== 0) throw this.failed('nix-store --check-validity', res.stderr);
      for (const line of res.stdout.split('\n')) if (line) invalid.add(line.trim());
    }
    return paths.filter((p) => !invalid.has(p));
  }

  /** Metadata for upload, from `nix path-info --json` (both its array and its object layouts). */
  async pathInfo(paths: string[]): Promise<StorePathInfo[]> {
    const out: StorePathInfo[] = [];
    for (let i = 0; i < paths.length; i += ARGV_BATCH) {
      const batch = paths.slice(i, i + ARGV_BATCH);
      const res = await runProcess(
        'nix',
        ['--extra-experimental-features', 'nix-command', 'path-info', '--json', ...batch],
        this.run(),
      );
      if (res.exitCode !== 0) throw this.failed('nix path-info', res.stderr);
      out.push(...parsePathInfoJson(res.stdout));
    }
    return out;
  }

  /**
   * The output paths of derivations (`nix-store --query --outputs`). Nix 2.8 runs the post-build
   * hook with an empty OUT_PATHS (NixOS/nix#6446) but a correct DRV_PATH, so the hook hands on both.
   */
  async outputsOf(drvs: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < drvs.length; i += ARGV_BATCH) {
      const res = await runProcess(
        'nix-store',
        ['--query', '--outputs', ...drvs.slice(i, i + ARGV_BATCH)],
        this.run(),
      );
      if (res.exitCode !== 0) throw this.failed('nix-store --query --outputs', res.stderr);
      for (const line of res.stdout.split('\n')) if (line.trim()) out.push(line.trim());
    }
    return out;
  }

  /** Copies a file into the store (`nix-store --add`), e.g. so that nix-daemon can run it. */
  async add(file: string): Promise<string> {
    const res = await runProcess('nix-store', ['--add', file], this.run());
    if (res.exitCode !== 0) throw this.failed('nix-store --add', res.stderr);
    return res.stdout.trim();
  }

  /**
   * The NAR of a path, serialised in this process from the store's files (see nar-writer.ts), or by
   * `nix-store --dump` where the files cannot be read; never held in memory whole. A process per
   * path cost ~80 ms of CPU on a busy runner: more than the upload itself.
   */
  openNar(path: string): NarStream {
    if (this.options.dumpWith !== 'nix-store') {
      try {
        accessSync(path, constants.R_OK);
        const stream = narStream(path);
        // A read failure makes the body shorter than its stated length: the upload fails, no `done`
        // needed as for a process.
        return { stream, close: () => void stream.return(undefined) };
      } catch {
        // unreadable here: let Nix read it
      }
    }
    return this.dump(path);
  }

  /** `nix-store --dump <path>` as a stream. */
  dump(path: string): NarStream {
    const child = spawn('nix-store', ['--dump', path], {
      env: this.options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    child.on('error', () => {
      // reported through the exit code below
    });
    let started = false;
    async function* read(): AsyncIterable<Uint8Array> {
      started = true;
      for await (const chunk of child.stdout) yield chunk as Uint8Array;
      const code = await exited;
      if (code !== 0) throw new Error(`nix-store --dump ${path} exited with ${code}: ${stderr.trim()}`);
    }
    return {
      stream: read(),
      // Whether the whole NAR came out: the uploader must not trust a body whose producer failed.
      done: exited.then((code) => {
        if (code !== 0 || !started)
          throw new Error(
            `nix-store --dump ${path} ${started ? `exited with ${code}` : 'was not read'}: ${stderr.trim()}`,
          );
      }),
      close: () => {
        if (child.exitCode === null) child.kill('SIGKILL');
      },
    };
  }

  private run() {
    return { env: this.options.env, timeoutMs: this.options.timeoutMs ?? 120_000 };
  }

  private failed(what: string, stderr: string): FlywheelError {
    return new FlywheelError(
      'PROCESS_FAILED',
      `${what} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
}

interface RawPathInfo {
  path?: string;
  /** Nix up to 2.18 lists an invalid path as `{"path": …, "valid": false}`. */
  valid?: boolean;
  narHash?: string;
  narSize?: number;
  references?: string[];
  deriver?: string | null;
  signatures?: string[];
  ca?: string | null;
}

/**
 * Nix up to 2.18 prints an array of objects with `path`; later versions an object keyed by path.
 * References are full paths in the first layout and may be base names in the second.
 */
export function parsePathInfoJson(text: string, storeDir = '/nix/store'): StorePathInfo[] {
  const parsed = JSON.parse(text) as RawPathInfo[] | Record<string, RawPathInfo | null>;
  const entries: Array<[string, RawPathInfo]> = Array.isArray(parsed)
    ? parsed.map((e) => [e.path ?? '', e])
    : Object.entries(parsed).filter((e): e is [string, RawPathInfo] => e[1] !== null);
  // A path that is not (or no longer) valid has no metadata to push.
  const valid = entries.filter(([, e]) => e.valid !== false);
  const full = (p: string) => (p.startsWith('/') ? p : `${storeDir}/${p}`);
  return valid.map(([path, e]) => {
    if (!path || typeof e.narHash !== 'string' || typeof e.narSize !== 'number') {
      throw new FlywheelError(
        'PROCESS_FAILED',
        `nix path-info gave no NAR hash or size for ${path || 'a path'}`,
      );
    }
    const info: StorePathInfo = {
      path: full(path),
      narHash: e.narHash,
      narSize: e.narSize,
      references: (e.references ?? []).map(full),
      sigs: e.signatures ?? [],
    };
    if (e.deriver) info.deriver = full(e.deriver);
    if (e.ca) info.ca = e.ca;
    return info;
  });
}
