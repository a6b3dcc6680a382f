#!/usr/bin/env node
/**
 * Rebuilds the actions' bundles in place (actions/<name>/dist and the shared chunks in dist/) and
 * fails when the result differs from what is committed, printing the diff stat: what ships must be
 * what the source builds. New or removed chunk files count as differences, and so does a file mode:
 * git keeps the executable bit, and a bundle whose bit flips between the commit and the build leaves
 * every fresh clone dirty (and a bin that lost it answers "Permission denied"). The modes are
 * compared here, not left to `git status`, which ignores them where core.fileMode is off.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const DIST_PATHS = ['actions/*/dist', 'dist'];

/** Files whose executable bit on disk is not the one git records for them. */
export function modeDifferences(dir, paths) {
  const listing = execFileSync('git', ['ls-files', '-s', '-z', '--', ...paths], {
    cwd: dir,
    encoding: 'utf8',
  });
  const differences = [];
  for (const entry of listing.split('\0').filter(Boolean)) {
    const [meta, path] = entry.split('\t');
    const recorded = meta.split(' ')[0];
    if (recorded !== '100644' && recorded !== '100755') continue;
    const file = join(dir, path);
    if (!existsSync(file)) continue;
    const executable = (statSync(file).mode & 0o111) !== 0;
    if (executable !== (recorded === '100755'))
      differences.push(`${path}: committed ${recorded.slice(3)}, built ${executable ? '755' : '644'}`);
  }
  return differences;
}

function main() {
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs'), 'actions'], {
    cwd: root,
    stdio: 'inherit',
  });
  const changed = git('status', '--porcelain', '--', ...DIST_PATHS).trim();
  const modes = modeDifferences(root, DIST_PATHS);
  if (changed || modes.length > 0) {
    console.error('The bundles are out of date with the source. Run `npm run build` and commit the result.');
    if (changed) console.error(git('diff', '--stat', '--', ...DIST_PATHS), changed);
    if (modes.length > 0) console.error(`File modes differ:\n${modes.join('\n')}`);
    process.exit(1);
  }
  console.log('the bundles match the source, contents and modes');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
