import { execFile } from 'node:child_process';
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
    await Promise.all(['etc', 'home', 'cache', 'config', 'exprs'].map((d) => mkdir(join(dir, d))));
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
  async buildChain(name: string, count: number, sizeBytes = 16): Promise<string[]> {
    const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const lets: string[] = [];
    for (let i = 0; i < count; i++) {
      const ref = i === 0 ? '' : ` \${p${i - 1}}`;
      // Nix interpolates ${pN}, which is what makes the reference; everything else is plain text.
      const script = `printf %s ${'x'.repeat(sizeBytes)} > $out; echo ${nonce}-${i}${ref} >> $out`;
      lets.push(
        `p${i} = derivation { name = "${name}-${i}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "${script}" ]; };`,
      );
    }
    const expr = `let ${lets.join('\n')} in [ ${Array.from({ length: count }, (_, i) => `p${i}`).join(' ')} ]`;
    const file = join(this.dir, 'exprs', `${name}-${nonce}.nix`);
    await writeFile(file, expr);
    const out = await this.run('nix-build', [file, '--no-out-link']);
    if (out.exitCode !== 0) throw new Error(`nix-build failed (${out.exitCode}): ${out.stderr}`);
    return out.stdout.trim().split('\n').filter(Boolean);
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
