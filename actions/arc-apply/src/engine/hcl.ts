import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parseTfvars } from './tfvars-parse';

/**
 * HCL → JSON. The WebAssembly parser of @cdktf/hcl2json when its .wasm can be found (installed
 * package, or shipped beside the bundle: brotli in the action, a third smaller than the package's
 * gzip, which every `uses:` downloads; gzip beside the CLI); otherwise the tfvars parser. The
 * package's own entry point is not used: it reads the .wasm as it is imported and crashes the
 * process when the file is missing, which is the case inside a bundle.
 */
type Callback = (error: string | null, result: string) => void;
type Root = Record<string, ((...args: [...string[], Callback]) => void) | undefined>;
interface GoRuntime {
  importObject: unknown;
  run(instance: unknown): Promise<void>;
}
interface Wasm {
  instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: unknown }>;
}

function wasmPath(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'hcl2json.wasm.br'),
    join(here, 'hcl2json.wasm.gz'),
    join(here, '..', 'hcl2json.wasm.gz'),
  ];
  try {
    candidates.push(
      join(dirname(createRequire(import.meta.url).resolve('@cdktf/hcl2json/package.json')), 'main.wasm.gz'),
    );
  } catch {
    // not installed (a bundle): the candidates beside the bundle remain
  }
  return candidates.find((p) => existsSync(p));
}

let ready: Promise<Root | undefined> | undefined;

async function start(): Promise<Root | undefined> {
  const path = wasmPath();
  if (!path) return undefined;
  await import('@cdktf/hcl2json/wasm/bridge_wasm_exec.js');
  const g = globalThis as unknown as { Go: new () => GoRuntime; WebAssembly: Wasm };
  const go = new g.Go();
  const packed = await readFile(path);
  const bytes = path.endsWith('.br') ? brotliDecompressSync(packed) : gunzipSync(packed);
  const { instance } = await g.WebAssembly.instantiate(bytes, go.importObject);
  const root: Root = {};
  (globalThis as unknown as { __parse_terraform_config_wasm__: Root }).__parse_terraform_config_wasm__ = root;
  void go.run(instance);
  // The Go program registers its functions on the root as it starts.
  while (typeof root['parse'] !== 'function') await new Promise((r) => setTimeout(r, 0));
  return root;
}

export async function parseHcl(filename: string, text: string): Promise<Record<string, unknown>> {
  ready ??= start().catch(() => undefined);
  const root = await ready;
  if (!root) return parseTfvars(text, filename);
  const json = await new Promise<string>((resolve, reject) =>
    root['parse']!(filename, text, (error, result) => (error ? reject(new Error(error)) : resolve(result))),
  );
  return JSON.parse(json) as Record<string, unknown>;
}
