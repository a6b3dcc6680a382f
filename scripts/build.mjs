#!/usr/bin/env node
/**
 * Builds the bundles.
 * - Actions: one ncc bundle per action (actions/<name>/dist/index.js, serving main and post),
 *   committed, because a `uses:` runs what the repository holds.
 * - Applications: the CLI (apps/cli/dist, published to npm by the release) and the demo
 *   (apps/demo/dist, loaded by `flywheel demo` in a checkout), built on demand and never committed.
 *
 * `node scripts/build.mjs [name|actions|apps …]` builds only those (`--if-stale`: only the applications
 * whose inputs changed since their last build); `--out DIR` builds the actions into
 * DIR/<same relative path> instead (the dist check), and `--entry FILE --out DIR` bundles one
 * arbitrary entry (test fixtures).
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';
import * as esbuild from 'esbuild';
import { bundledPackages, renderLicenses } from './build/licenses.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HCL_WASM = 'node_modules/@cdktf/hcl2json/main.wasm.gz';

/** Every action bundle: the package folder, the entry file, the output folder relative to the package. */
export function bundleTargets() {
  const targets = [];
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const dir = join(root, 'actions', name);
    // One bundle serves both phases: the runner tells post from main by the state main saved.
    targets.push({ name, dir, entry: join(dir, 'src', 'main.ts'), out: 'dist' });
  }
  return targets.filter((t) => existsSync(t.entry));
}

/**
 * The applications. The CLI leaves the demo out (it loads it from the checkout when asked), so the
 * published CLI carries no simulator.
 */
export const APPS = {
  cli: {
    dir: 'apps/cli',
    entry: 'src/bin.ts',
    external: ['@gloriousflywheel/demo'],
    assets: [{ from: HCL_WASM, to: 'hcl2json.wasm.gz' }],
  },
  demo: {
    dir: 'apps/demo',
    entry: 'src/index.ts',
    external: [],
    // The testkit's tofu stand-in is a program the pipeline runs, found beside the code that names it.
    assets: [{ from: 'packages/testkit/src/tofu/tofu-standin.mjs', to: 'tofu-standin.mjs', mode: 0o755 }],
  },
};

/**
 * Files a bundle loads at run time that ncc cannot inline: the HCL parser's WebAssembly (arc-apply
 * reads tfvars with it), shipped beside the bundle. Keyed by bundle name.
 */
const RUNTIME_ASSETS = {
  'arc-apply': [{ from: HCL_WASM, to: 'dist/hcl2json.wasm.gz' }],
};

function copyAssets(assets, baseDir) {
  for (const asset of assets) {
    const target = join(baseDir, asset.to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, asset.from), target);
    if (asset.mode) chmodSync(target, asset.mode);
  }
}

// ncc and esbuild emit ESM for ESM input; Node needs to be told the .js files are modules.
const ESM_MARKER = '{\n  "type": "module"\n}\n';

/** Bundles one entry into outDir with ncc (index.js, a package.json marking it ESM, and the licenses). */
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
  writeFileSync(join(outDir, 'package.json'), ESM_MARKER);
}

/**
 * CommonJS dependencies inside an ESM bundle still call `require` for Node's built-ins: give every
 * output file one, as a CommonJS module would have.
 */
const REQUIRE_SHIM =
  "import { createRequire as __flywheelCreateRequire } from 'node:module';\n" +
  'const require = __flywheelCreateRequire(import.meta.url);';

/** Bundles an application with esbuild: dist/index.js, lazily loaded chunks beside it, the licences. */
export async function buildApp(name) {
  const app = APPS[name];
  const outDir = join(root, app.dir, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { index: join(root, app.dir, app.entry) },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    // hcl2json's Go glue asks for `performance` only where the global is missing, which Node 24 has.
    external: [...app.external, 'performance'],
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(outDir, 'package.json'), ESM_MARKER);
  writeFileSync(join(outDir, 'licenses.txt'), renderLicenses(root, bundledPackages(result.metafile)));
  copyAssets(app.assets, outDir);
  // What went in, for --if-stale: the sources, the assets, and the manifests that steer resolution.
  const inputs = [
    ...Object.keys(result.metafile.inputs),
    ...app.assets.map((a) => a.from),
    'scripts/build.mjs',
    'package-lock.json',
  ];
  mkdirSync(dirname(inputsFile(name)), { recursive: true });
  writeFileSync(inputsFile(name), `${JSON.stringify(inputs, null, 1)}\n`);
}

/** Kept out of dist/ so that it is never published: what went into each application's last build. */
function inputsFile(name) {
  return join(root, 'node_modules', '.cache', 'flywheel-build', `${name}.json`);
}

/** An application's bundle is stale when it is missing or any file that went into it changed since. */
export function appIsStale(name) {
  const list = inputsFile(name);
  if (!existsSync(list) || !existsSync(join(root, APPS[name].dir, 'dist', 'index.js'))) return true;
  const builtAt = statSync(list).mtimeMs;
  const inputs = JSON.parse(readFileSync(list, 'utf8'));
  const manifests = ['packages', 'actions', 'apps'].flatMap((tier) =>
    readdirSync(join(root, tier)).map((n) => `${tier}/${n}/package.json`),
  );
  return [...inputs, ...manifests].some(
    (f) => !existsSync(join(root, f)) || statSync(join(root, f)).mtimeMs > builtAt,
  );
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
  const all = names.length === 0;
  const actions = bundleTargets().filter((t) => all || names.includes('actions') || names.includes(t.name));
  const apps = outRoot
    ? []
    : Object.keys(APPS)
        .filter((n) => all || names.includes('apps') || names.includes(n))
        .filter((n) => !args.includes('--if-stale') || appIsStale(n));
  if (args.includes('--if-stale') && actions.length + apps.length === 0) return;
  if (actions.length + apps.length === 0) {
    console.error(`nothing to build for ${names.join(', ')}`);
    process.exit(2);
  }
  for (const t of actions) {
    const outDir = outRoot ? join(outRoot, relative(root, t.dir), t.out) : join(t.dir, t.out);
    const started = Date.now();
    await bundle(t.entry, outDir);
    copyAssets(RUNTIME_ASSETS[t.name] ?? [], outRoot ? join(outRoot, relative(root, t.dir)) : t.dir);
    console.log(`built ${relative(root, join(t.dir, t.out))} in ${Date.now() - started} ms`);
  }
  for (const name of apps) {
    const started = Date.now();
    await buildApp(name);
    console.log(`built ${APPS[name].dir}/dist in ${Date.now() - started} ms`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
