#!/usr/bin/env node
// The `flywheel` command's entry: checks the Node version before anything else is loaded, so that an
// older Node (20 is still the default `node` of many runners and images) gets one line saying what
// is needed instead of a syntax error in the bundle. Kept to syntax every Node since 12 parses.
'use strict';
var pkg = require('../package.json');
var needed = Number(/\d+/.exec(pkg.engines.node)[0]);
var found = process.versions.node;
if (Number(found.split('.')[0]) < needed) {
  process.stderr.write(
    'flywheel: needs Node.js ' +
      needed +
      ' or newer, found ' +
      found +
      ' (' +
      process.execPath +
      '): ' +
      'install Node.js ' +
      needed +
      ' (or run flywheel from an image that has it) and try again\n',
  );
  process.exit(1);
}
import('../dist/index.js').catch((error) => {
  // A source checkout builds the bundle on demand (npm run demo, the tests, the release).
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]index\.js/.test(String(error.message))) {
    process.stderr.write(
      'flywheel: the CLI is not built in this checkout: run `node scripts/build.mjs cli`\n',
    );
    process.exit(1);
  }
  throw error;
});
