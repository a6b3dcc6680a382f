/**
 * The licence notices of the packages a bundle contains, one text per package: MIT, ISC, BSD and
 * Apache all ask that their notice travel with every copy, and the bundles are copies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** The package folders (relative to root) that an esbuild metafile's inputs come from. */
export function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const rest = input.slice(at + 'node_modules/'.length).split('/');
    const name = rest[0].startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
    dirs.add(`${input.slice(0, at)}node_modules/${name}`);
  }
  return [...dirs];
}

/** licenses.txt for the given package folders: name@version, licence, its notice; sorted, no repeats. */
export function renderLicenses(root, packageDirs) {
  const entries = new Map();
  for (const dir of packageDirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const key = `${pkg.name}@${pkg.version}`;
    if (entries.has(key)) continue;
    const file = readdirSync(join(root, dir)).find((f) => LICENSE_FILE.test(f));
    const text =
      file && existsSync(join(root, dir, file)) ? readFileSync(join(root, dir, file), 'utf8').trim() : '';
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
    entries.set(key, `${key}\n${licence}${text ? `\n${text}` : ''}`);
  }
  return `${[...entries.keys()]
    .sort()
    .map((k) => entries.get(k))
    .join('\n\n')}\n`;
}
