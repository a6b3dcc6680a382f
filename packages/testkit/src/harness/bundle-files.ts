import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The files a built bundle loads: at start (static imports), or only when a mode asks (dynamic). */
export interface BundleFiles {
  atStart: string[];
  onDemand: string[];
}

/** Relative specifiers in an ESM bundle file: `import … from"./x.js"`, `import"./x.js"`, `import("./x.js")`. */
function relativeImports(text: string): { static: string[]; dynamic: string[] } {
  const staticOnes = [
    ...text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g),
  ];
  const dynamicOnes = [...text.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)];
  return { static: staticOnes.map((m) => m[1]!), dynamic: dynamicOnes.map((m) => m[1]!) };
}

/**
 * Walks a bundle from its entry file, as Node would load it: what loads at start is the entry and
 * everything it imports statically; a dynamic import starts a part that loads on demand.
 */
export function bundleFiles(entry: string): BundleFiles {
  const atStart = new Set<string>();
  const all = new Set<string>();
  const walk = (file: string, start: boolean) => {
    if (start ? atStart.has(file) : all.has(file)) return;
    if (start) atStart.add(file);
    all.add(file);
    const found = relativeImports(readFileSync(file, 'utf8'));
    for (const spec of found.static) walk(resolve(dirname(file), spec), start);
    for (const spec of found.dynamic) walk(resolve(dirname(file), spec), false);
  };
  walk(resolve(entry), true);
  return { atStart: [...atStart], onDemand: [...all].filter((f) => !atStart.has(f)) };
}

/** Total size in bytes of some files. */
export function sizeOf(files: string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}
