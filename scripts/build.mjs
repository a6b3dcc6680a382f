#!/usr/bin/env node
import { createHash } from 'node:crypto';
/**
 * Builds the bundles, with esbuild.
 * - Actions: one esbuild run over every action, so that code two actions share is written once.
 *   Each action gets one entry, actions/<name>/dist/index.js (main and post), and the chunks they
 *   share or load on demand go to dist/ at the root, with one licenses.txt. All committed: a `uses:`
 *   runs what the repository holds, and GitHub resolves a bundle's relative imports outside the
 *   action folder like any file of the repository (actions/cache's restore/action.yml runs
 *   `../dist/restore/index.js`).
 * - The application: the CLI (apps/cli/dist, published to npm by the release), built on demand, never
 *   committed. The demo (apps/demo) is a chunk of it, loaded only when `flywheel demo` runs, so the
 *   published package runs the demo too without any action paying for it at start.
 *
 * `node scripts/build.mjs [actions|apps|cli|demo …]` builds only those (`--if-stale`: only the
 * applications whose inputs changed since their last build); action names select the actions as a
 * whole, since their shared chunks depend on all of them. `--out DIR` writes the actions' output under
 * DIR instead of the repository; `--entry FILE --out DIR` bundles one arbitrary entry (test fixtures).
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
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gunzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { bundledPackages, renderLicenses } from './build/licenses.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the actions' shared and lazily loaded chunks go, relative to the root. */
export const SHARED_DIST = 'dist';

/** The HCL parser's WebAssembly, which arc-apply reads tfvars with, found beside the code that loads it. */
const HCL_WASM = 'node_modules/@cdktf/hcl2json/main.wasm.gz';
const HCL_LOADER = 'actions/arc-apply/src/engine/hcl.ts';

/** Every action with an entry point: its name and folder. */
export function actionTargets() {
  return readdirSync(join(root, 'actions'))
    .sort()
    .map((name) => ({ name, dir: join(root, 'actions', name) }))
    .filter((t) => existsSync(join(t.dir, 'src', 'main.ts')));
}

/**
 * The applications, each bundled with everything it imports. An asset goes beside the bundle's
 * entry (`to`), or beside whichever output file holds a given source (`besideSourceOf`): code that
 * finds a file next to itself (the tofu stand-in the demo runs) must find it in the bundle too.
 */
export const APPS = {
  cli: {
    dir: 'apps/cli',
    entry: 'src/bin.ts',
    external: [],
    assets: [
      { from: HCL_WASM, to: 'hcl2json.wasm.gz' },
      // The demo runs the testkit's tofu stand-in as a program, found beside the code that names it;
      // bundled with what it imports, since the package ships no node_modules.
      {
        from: 'packages/testkit/src/tofu/tofu-standin.mjs',
        besideSourceOf: 'packages/testkit/src/tofu/index.ts',
        to: 'tofu-standin.mjs',
        mode: 0o755,
        bundle: true,
      },
    ],
  },
};

// esbuild emits ESM for ESM input; Node needs to be told the .js files are modules.
const ESM_MARKER = '{\n  "type": "module"\n}\n';

/**
 * CommonJS dependencies inside an ESM bundle still call `require` for Node's built-ins: give every
 * output file one, as a CommonJS module would have.
 */
const REQUIRE_SHIM =
  "import { createRequire as __flywheelCreateRequire } from 'node:module';\n" +
  'const require = __flywheelCreateRequire(import.meta.url);';

/**
 * Node's built-in modules reach the bundle through `require`, never through an ESM import. An ESM
 * import of a built-in builds a namespace facade that reads every export, and node:http's exports
 * include getters (WebSocket, MessageEvent…) that load Node's own undici: 15-25 ms on every start
 * of every action, for nothing. A tiny CommonJS module per built-in keeps the reads lazy, as ncc's
 * output did.
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(build) {
    const names = builtinModules
      .filter((m) => !m.startsWith('_'))
      .map((m) => m.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&'));
    const filter = new RegExp(`^(node:)?(${names.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.kind === 'require-call'
        ? undefined
        : { path: args.path.replace(/^node:/, ''), namespace: 'builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * @actions/core imports its OIDC client at the top, which imports @actions/http-client, which loads
 * undici (400 kB) as it is evaluated: on every start of every action, although no action asks for
 * an OIDC token. Their modules have no side effects of their own, so saying so lets esbuild leave
 * out what nothing uses; the forge and cache clients that do use http-client still get it.
 */
const SIDE_EFFECT_FREE = /[\\/]node_modules[\\/]@actions[\\/](core|http-client)[\\/]/;
const actionsToolkitPure = {
  name: 'actions-toolkit-side-effect-free',
  setup(build) {
    build.onResolve({ filter: /^@actions\/(core|http-client)$|^\.{1,2}\// }, async (args) => {
      if (
        args.pluginData === 'pure' ||
        !(SIDE_EFFECT_FREE.test(args.importer) || args.path.startsWith('@actions/'))
      )
        return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'pure',
      });
      if (resolved.errors.length > 0 || !SIDE_EFFECT_FREE.test(resolved.path)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

/** What every bundle shares: ESM for Node 24, minified, lazily loaded modules split into chunks. */
function options(overrides) {
  return {
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    // The notices go to one licenses.txt per output folder instead.
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    plugins: [builtinsThroughRequire, actionsToolkitPure],
    metafile: true,
    logLevel: 'warning',
    ...overrides,
    // hcl2json's Go glue asks for `performance` only where the global is missing, which Node 24 has.
    external: ['performance', ...(overrides.external ?? [])],
  };
}

async function copyAsset(asset, targetDir, metafile) {
  const holder = asset.besideSourceOf ? outputHolding(metafile, asset.besideSourceOf) : undefined;
  if (asset.besideSourceOf && !holder) throw new Error(`no output holds ${asset.besideSourceOf}`);
  const target = holder ? join(root, dirname(holder), asset.to) : join(targetDir, asset.to);
  mkdirSync(dirname(target), { recursive: true });
  if (asset.bundle) await bundleProgram(asset.from, target, relative(dirname(target), targetDir));
  else copyFileSync(join(root, asset.from), target);
  if (asset.mode) chmodSync(target, asset.mode);
}

/**
 * A program the bundle runs as a separate process (the tofu stand-in), as one self-contained file.
 * Its CommonJS dependencies expect `__dirname`; @cdktf/hcl2json reads its wasm from there, so it is
 * pointed at the copy the application ships (`hcl2json.wasm.gz` at `toAppRoot` from the program).
 */
async function bundleProgram(entry, outfile, toAppRoot) {
  const wasmFromProgram = join(toAppRoot || '.', 'hcl2json.wasm.gz');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    // hcl2json's Go glue asks for `performance` only where the global is missing, which Node 24 has.
    external: ['performance'],
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    banner: {
      js: `${REQUIRE_SHIM}\nconst __filename = require('node:url').fileURLToPath(import.meta.url);\nconst __dirname = require('node:path').join(require('node:path').dirname(__filename), 'hcl2json-lib');`,
    },
    plugins: [
      {
        name: 'hcl2json-wasm-beside-the-app',
        setup(build) {
          build.onLoad({ filter: /[\\/]@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            const wanted = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';
            if (!text.includes(wanted)) throw new Error(`${args.path} no longer reads ${wanted}`);
            return {
              contents: text.replace(
                wanted,
                `(0, path_1.join)(__dirname, "..", ${JSON.stringify(wasmFromProgram)})`,
              ),
              loader: 'js',
            };
          });
        },
      },
    ],
  });
}

/**
 * The wasm as the actions ship it: brotli at its best setting is a third smaller than the package's
 * gzip (1.25 MB against 1.73 MB), and every `uses:` of any action downloads it. Compressing takes
 * half a minute, so the result is kept in node_modules/.cache, keyed by the package's file.
 */
function brotliWasm() {
  const packed = readFileSync(join(root, HCL_WASM));
  const digest = createHash('sha256')
    .update(packed)
    .update(process.versions.brotli)
    .digest('hex')
    .slice(0, 16);
  const cached = join(root, 'node_modules', '.cache', 'flywheel-build', `hcl2json-${digest}.wasm.br`);
  if (!existsSync(cached)) {
    const wasm = gunzipSync(packed);
    const br = brotliCompressSync(wasm, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 22,
        [constants.BROTLI_PARAM_SIZE_HINT]: wasm.length,
      },
    });
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, br);
  }
  return cached;
}

/** The output file (relative to outRoot) that holds a given source file, from the metafile. */
function outputHolding(metafile, source) {
  const found = Object.entries(metafile.outputs).find(([, out]) => source in out.inputs);
  return found?.[0];
}

/**
 * Builds every action in one esbuild run into outRoot (the repository, or the dist check's folder):
 * actions/<name>/dist/index.js each, shared chunks in dist/.
 */
export async function buildActions(outRoot = root) {
  const targets = actionTargets();
  const entryPoints = Object.fromEntries(
    targets.map((t) => [`${relative(root, t.dir)}/dist/index`, join(t.dir, 'src', 'main.ts')]),
  );
  const result = await esbuild.build(
    options({
      entryPoints,
      outdir: root,
      write: false,
      chunkNames: `${SHARED_DIST}/[name]-[hash]`,
    }),
  );
  for (const t of targets)
    rmSync(join(outRoot, relative(root, t.dir), 'dist'), { recursive: true, force: true });
  rmSync(join(outRoot, SHARED_DIST), { recursive: true, force: true });
  for (const file of result.outputFiles) {
    const target = join(outRoot, relative(root, file.path));
    mkdirSync(dirname(target), { recursive: true });
    // What git records of a mode is the executable bit: bundles are plain files, whatever the umask.
    writeFileSync(target, file.contents, { mode: 0o644 });
  }
  for (const t of targets)
    writeFileSync(join(outRoot, relative(root, t.dir), 'dist', 'package.json'), ESM_MARKER);
  writeFileSync(join(outRoot, SHARED_DIST, 'package.json'), ESM_MARKER);
  writeFileSync(
    join(outRoot, SHARED_DIST, 'licenses.txt'),
    renderLicenses(root, bundledPackages(result.metafile)),
  );
  // The wasm goes beside whichever output file the loader ended up in (entry or chunk).
  const loader = outputHolding(result.metafile, HCL_LOADER);
  if (loader) copyFileSync(brotliWasm(), join(outRoot, dirname(loader), 'hcl2json.wasm.br'));
  return result.metafile;
}

/** Bundles an application: dist/index.js, lazily loaded chunks beside it, the licences. */
export async function buildApp(name) {
  const app = APPS[name];
  const outDir = join(root, app.dir, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build(
    options({
      entryPoints: { index: join(root, app.dir, app.entry) },
      outdir: outDir,
      chunkNames: 'chunks/[name]-[hash]',
      external: app.external,
    }),
  );
  writeFileSync(join(outDir, 'package.json'), ESM_MARKER);
  writeFileSync(join(outDir, 'licenses.txt'), renderLicenses(root, bundledPackages(result.metafile)));
  for (const asset of app.assets) await copyAsset(asset, outDir, result.metafile);
  // What went in, for --if-stale: the sources, the assets, and the manifests that steer resolution.
  // (Not the built-ins the plugin resolves into its `builtin:` namespace: they are no files, and a
  // missing file reads as stale, which rebuilt the CLI on every --if-stale.)
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((f) => !/^[a-z]+:/.test(f)),
    ...app.assets.map((a) => a.from),
    'scripts/build.mjs',
    'package-lock.json',
  ];
  mkdirSync(dirname(inputsFile(name)), { recursive: true });
  writeFileSync(inputsFile(name), `${JSON.stringify(inputs, null, 1)}\n`);
}

/** Bundles one entry into outDir (test fixtures): index.js, its chunks, the ESM marker. */
export async function buildEntry(entry, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build(
    options({ entryPoints: { index: entry }, outdir: outDir, chunkNames: 'chunks/[name]-[hash]' }),
  );
  writeFileSync(join(outDir, 'package.json'), ESM_MARKER);
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
  const pathAfter = (flag) => (args.includes(flag) ? resolve(args[args.indexOf(flag) + 1]) : undefined);
  const entry = pathAfter('--entry');
  const outRoot = pathAfter('--out');
  if (entry) {
    await buildEntry(entry, outRoot);
    return;
  }
  const names = args.filter((a, i) => !a.startsWith('--') && !['--out', '--entry'].includes(args[i - 1]));
  const everything = names.length === 0;
  const actionNames = actionTargets().map((t) => t.name);
  const wantActions = everything || names.some((n) => n === 'actions' || actionNames.includes(n));
  const apps = outRoot
    ? []
    : Object.keys(APPS)
        .filter((n) => everything || names.includes('apps') || names.includes(n))
        .filter((n) => !args.includes('--if-stale') || appIsStale(n));
  const unknown = names.filter((n) => !['actions', 'apps', ...actionNames, ...Object.keys(APPS)].includes(n));
  if (unknown.length > 0) {
    console.error(`nothing to build for ${unknown.join(', ')}`);
    process.exit(2);
  }
  if (wantActions) {
    const started = Date.now();
    await buildActions(outRoot);
    console.log(`built actions/*/dist and ${SHARED_DIST}/ in ${Date.now() - started} ms`);
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
