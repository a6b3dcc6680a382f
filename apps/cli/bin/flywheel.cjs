#!/usr/bin/env node
// The `flywheel` command's entry: checks the Node version before anything else is loaded, so that an
// older Node (20 is still the default `node` of many runners and images) gets one line saying what
// is needed instead of a syntax error in the bundle. Kept to syntax every Node since 12 parses.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const needed = Number(/\d+/.exec(require('../package.json').engines.node)[0]);
const found = process.versions.node;
if (Number(found.split('.')[0]) < needed) {
  process.stderr.write(
    `flywheel: needs Node.js ${needed} or newer, found ${found} (${process.execPath}): ` +
      `install Node.js ${needed} (or run flywheel from an image that has it) and try again\n`,
  );
  process.exit(1);
}

// In a source checkout the bundle is built on demand, as `npm run demo` does: a fresh clone runs
// `npx flywheel` right after `npm ci`, and an edited source never runs stale. The published package
// has no src/ and skips this.
const builder = path.join(__dirname, '..', '..', '..', 'scripts', 'build.mjs');
if (fs.existsSync(path.join(__dirname, '..', 'src', 'bin.ts')) && fs.existsSync(builder)) {
  const built = require('node:child_process').spawnSync(process.execPath, [builder, 'cli', '--if-stale'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) {
    process.stderr.write(
      'flywheel: building the CLI of this checkout failed: run `node scripts/build.mjs cli`\n',
    );
    process.exit(1);
  }
}

import('../dist/index.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]index\.js/.test(String(error.message))) {
    process.stderr.write('flywheel: the CLI is not built: run `node scripts/build.mjs cli`\n');
    process.exit(1);
  }
  throw error;
});
