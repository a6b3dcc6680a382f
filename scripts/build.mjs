#!/usr/bin/env node
/**
 * Builds one ncc bundle per action (actions/<name>/dist/index.js, serving main and post) and the CLI
 * (packages/cli/dist/index.js). `node scripts/build.mjs [name…]` builds only those; `--out DIR`
 * builds into DIR/<same relative path> instead (the dist check), and `--entry FILE --out DIR`
 * bundles one arbitrary entry (test fixtures).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every bundle: the package folder, the entry file, the output folder relative to the package. */
export function bundleTargets() {
  const targets = [];
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const dir = join(root, 'actions', name);
    // One bundle serves both phases: the runner tells post from main by the state main saved.
    targets.push({ name, dir, entry: join(dir, 'src', 'main.ts'), out: 'dist' });
  }
  targets.push({
    name: 'cli',
    dir: join(root, 'packages/cli'),
    entry: join(root, 'packages/cli/src/bin.ts'),
    out: 'dist',
  });
  return targets.filter((t) => existsSync(t.entry));
}

/**
 * Files a bundle loads at run time that ncc cannot inline: the HCL parser's WebAssembly (arc-apply
 * reads tfvars with it), shipped beside the bundle. Keyed by bundle name.
 */
const RUNTIME_ASSETS = {
  'arc-apply': [{ from: 'node_modules/@cdktf/hcl2json/main.wasm.gz', to: 'dist/hcl2json.wasm.gz' }],
  cli: [{ from: 'node_modules/@cdktf/hcl2json/main.wasm.gz', to: 'dist/hcl2json.wasm.gz' }],
};

function copyRuntimeAssets(name, packageDir) {
  for (const asset of RUNTIME_ASSETS[name] ?? []) {
    mkdirSync(dirname(join(packageDir, asset.to)), { recursive: true });
    copyFileSync(join(root, asset.from), join(packageDir, asset.to));
  }
}

/** Bundles one entry into outDir (index.js, a package.json marking it ESM, and the licenses). */
export async function bundle(entry, outDir) {
  const { code, assets } = await ncc(entry, {
    cache: false,
    minify: true,
    sourceMap: false,
    target: 'es2022',
    license: 'licenses.txt',
    quiet: true,
  });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'index.js'), code);
  for (const [file, asset] of Object.entries(assets)) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, asset.source, { mode: asset.permissions });
  }
  // ncc emits ESM for ESM input; Node needs to be told the .js file is a module.
  writeFileSync(join(outDir, 'package.json'), '{\n  "type": "module"\n}\n');
}

async function main() {
  const args = process.argv.slice(2);
  const entryIndex = args.indexOf('--entry');
  if (entryIndex >= 0) {
    // One arbitrary entry (test fixtures): --entry FILE --out DIR
    await bundle(resolve(args[entryIndex + 1]), resolve(args[args.indexOf('--out') + 1]));
    return;
  }
  const outIndex = args.indexOf('--out');
  const outRoot = outIndex >= 0 ? resolve(args[outIndex + 1]) : undefined;
  const names = args.filter((a, i) => !a.startsWith('--') && (outIndex < 0 || i !== outIndex + 1));
  const targets = bundleTargets().filter((t) => names.length === 0 || names.includes(t.name));
  if (targets.length === 0) {
    console.error(`nothing to build for ${names.join(', ')}`);
    process.exit(2);
  }
  for (const t of targets) {
    const outDir = outRoot ? join(outRoot, relative(root, t.dir), t.out) : join(t.dir, t.out);
    const started = Date.now();
    await bundle(t.entry, outDir);
    copyRuntimeAssets(t.name, outRoot ? join(outRoot, relative(root, t.dir)) : t.dir);
    console.log(`built ${relative(root, join(t.dir, t.out))} in ${Date.now() - started} ms`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
