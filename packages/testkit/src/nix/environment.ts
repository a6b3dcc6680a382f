import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The real `nix-store` on PATH, or undefined: tests that need Nix skip with `nixMissingReason`. */
export function findNixStore(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'nix-store');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const nixAvailable = findNixStore() !== undefined;
export const nixMissingReason = 'nix-store is not on PATH (install Debian nix-bin): this check is skipped';

export interface ProcessOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * A throwaway Nix setup for one test: root single-user, no sandbox, no build users and no default
 * substituter (there is no network). The store itself is the machine's /nix/store; each test gets
 * fresh config, HOME and cache directories so narinfo lookups cached by an earlier run cannot leak in.
 */
export class NixTestEnv {
  private constructor(
    readonly dir: string,
    readonly env: Record<string, string>,
  ) {}

  static async create(extraConfig = ''): Promise<NixTestEnv> {
    const dir = await mkdtemp(join(tmpdir(), 'flywheel-nix-'));
    const confDir = join(dir, 'etc');
    await Promise.all(['etc', 'home', 'cache', 'config', 'exprs', 'tmp'].map((d) => mkdir(join(dir, d))));
    await writeFile(
      join(confDir, 'nix.conf'),
      [
        'build-users-group =',
        'sandbox = false',
        'experimental-features = nix-command',
        'substituters =',
        'narinfo-cache-negative-ttl = 0',
        extraConfig,
        '',
      ].join('\n'),
    );
    const env: Record<string, string> = {
      NIX_CONF_DIR: confDir,
      HOME: join(dir, 'home'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CONFIG_DIRS: join(dir, 'xdg'),
      // Nix's build folders go here, and so away with the test.
      TMPDIR: join(dir, 'tmp'),
    };
    return new NixTestEnv(dir, env);
  }

  /** Runs a Nix command with this environment (plus `extraEnv`), never through a shell. */
  run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<ProcessOutcome> {
    return new Promise((resolve) => {
      execFile(
        command,
        args,
        { env: { ...process.env, ...this.env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ exitCode: code, stdout, stderr });
        },
      );
    });
  }

  /**
   * Builds `count` small derivations that form a chain (each references the one before it), with a
   * nonce so every call makes new store paths. Returns the output paths, references first.
   */
  async buildChain(
    name: string,
    count: number,
    sizeBytes = 16,
    extraEnv: Record<string, string> = {},
  ): Promise<string[]> {
    const file = await this.chainFile(name, count, sizeBytes);
    const out = await this.run('nix-build', [file, '--no-out-link'], extraEnv);
    if (out.exitCode !== 0) throw new Error(`nix-build failed (${out.exitCode}): ${out.stderr}`);
    return out.stdout.trim().split('\n').filter(Boolean);
  }

  /**
   * Starts building a chain whose last derivation never finishes (it waits for a file that never
   * comes): the paths before it get built, then the build hangs until `kill()` ends the whole
   * process group — a job step stopped mid-build, as when its pod is evicted.
   */
  async startHangingChain(
    name: string,
    count: number,
    extraEnv: Record<string, string> = {},
  ): Promise<{ child: ChildProcess; kill: () => void; exited: Promise<number> }> {
    const file = await this.chainFile(name, count, 16, join(this.dir, 'never'));
    const child = spawn('nix-build', [file, '--no-out-link'], {
      env: { ...process.env, ...this.env, ...extraEnv },
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 137)));
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    return { child, kill, exited };
  }

  /**
   * Builds `derivations` derivations of `outputsPerDerivation` outputs each: many small store paths
   * from few builds (one builder run writes all outputs of its derivation). Returns every output.
   */
  async buildOutputs(
    name: string,
    derivations: number,
    outputsPerDerivation: number,
    extraEnv: Record<string, string> = {},
  ): Promise<string[]> {
    const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const outputs = Array.from({ length: outputsPerDerivation }, (_, j) => `"o${j}"`).join(' ');
    // The builder writes each output named in $outputs; `eval` reads the variable of that name.
    const script = `for o in $outputs; do eval \\"echo ${nonce}-$o > \\\\$$o\\"; done`;
    const expr = [
      `builtins.genList (i: derivation { name = "${name}-\${toString i}"; system = builtins.currentSystem;`,
      `  builder = "/bin/sh"; outputs = [ ${outputs} ]; args = [ "-c" "${script}" ]; }) ${derivations}`,
    ].join('\n');
    const file = join(this.dir, 'exprs', `${name}-${nonce}.nix`);
    await writeFile(file, expr);
    const drvs = await this.run('nix-instantiate', [file], extraEnv);
    if (drvs.exitCode !== 0) throw new Error(`nix-instantiate failed: ${drvs.stderr}`);
    // nix-instantiate names a derivation without an `out` output as `<drv>!<first output>`.
    const drvPaths = drvs.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((d) => d.replace(/!.*$/, ''));
    const out = await this.run('nix-store', ['--realise', '--max-jobs', '4', ...drvPaths], extraEnv);
    if (out.exitCode !== 0) throw new Error(`nix-store --realise failed (${out.exitCode}): ${out.stderr}`);
    // --realise prints one output per derivation; the store knows them all.
    const all = await this.run('nix-store', ['--query', '--outputs', ...drvPaths], extraEnv);
    if (all.exitCode !== 0) throw new Error(`nix-store --query --outputs failed: ${all.stderr}`);
    return all.stdout.trim().split('\n').filter(Boolean);
  }

  /** Builds one derivation whose builder is the given shell script (written with `$out`). */
  async buildScript(name: string, script: string, extraEnv: Record<string, string> = {}): Promise<string> {
    const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const file = join(this.dir, 'exprs', `${name}-${nonce}.nix`);
    const body = `echo ${nonce} > /dev/null; ${script}`
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/\$\{/g, '\\${');
    await writeFile(
      file,
      `derivation { name = "${name}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "${body}" ]; }`,
    );
    const out = await this.run('nix-build', [file, '--no-out-link'], extraEnv);
    if (out.exitCode !== 0) throw new Error(`nix-build failed (${out.exitCode}): ${out.stderr}`);
    return out.stdout.trim();
  }

  private async chainFile(name: string, count: number, sizeBytes: number, waitFor?: string): Promise<string> {
    const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const lets: string[] = [];
    for (let i = 0; i < count; i++) {
      const ref = i === 0 ? '' : ` \${p${i - 1}}`;
      const wait = waitFor && i === count - 1 ? `while [ ! -e ${waitFor} ]; do sleep 1; done; ` : '';
      // Nix interpolates ${pN}, which is what makes the reference; everything else is plain text.
      const script = `${wait}printf %s ${'x'.repeat(sizeBytes)} > $out; echo ${nonce}-${i}${ref} >> $out`;
      lets.push(
        `p${i} = derivation { name = "${name}-${i}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "${script}" ]; };`,
      );
    }
    const expr = `let ${lets.join('\n')} in [ ${Array.from({ length: count }, (_, i) => `p${i}`).join(' ')} ]`;
    const file = join(this.dir, 'exprs', `${name}-${nonce}.nix`);
    await writeFile(file, expr);
    return file;
  }

  /** Deletes paths from the local store (referrers and references together). */
  async delete(paths: string[]): Promise<void> {
    const out = await this.run('nix-store', ['--delete', ...paths]);
    if (out.exitCode !== 0) throw new Error(`nix-store --delete failed: ${out.stderr}`);
  }

  async isValid(path: string): Promise<boolean> {
    return (await this.run('nix-store', ['--check-validity', path])).exitCode === 0;
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
