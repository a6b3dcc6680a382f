#!/usr/bin/env node
/**
 * Rebuilds the actions' bundles in place (actions/<name>/dist and the shared chunks in dist/) and
 * fails when the result differs from what is committed, printing the diff stat: what ships must be
 * what the source builds. New or removed chunk files count as differences too.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const distPaths = ['actions/*/dist', 'dist'];

execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs'), 'actions'], {
  cwd: root,
  stdio: 'inherit',
});
const changed = git('status', '--porcelain', '--', ...distPaths).trim();
if (changed) {
  console.error('The bundles are out of date with the source. Run `npm run build` and commit the result.');
  console.error(git('diff', '--stat', '--', ...distPaths));
  console.error(changed);
  process.exit(1);
}
console.log('the bundles match the source');
