/**
 * `npm run bench [suite…]`: runs the suites in bench/suites (all, or the ones named), prints each
 * report and writes it as JSON to bench/results/<suite>.json. Exits non-zero when a target is missed.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './lib';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

if (suites.length === 0) {
  console.error(`no benchmark suite matches ${wanted.join(', ')}`);
  process.exit(2);
}

mkdirSync(join(here, 'results'), { recursive: true });
let missed = 0;
for (const name of suites) {
  const mod = (await import(`./suites/${name}.ts`)) as { run: () => Promise<BenchReport> };
  console.log(`\n== ${name}`);
  const report = await mod.run();
  const out = { ...report, node: process.version, measuredAt: new Date().toISOString() };
  writeFileSync(join(here, 'results', `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
  for (const [metric, value] of Object.entries(report.metrics)) console.log(`  ${metric}: ${value}`);
  for (const t of report.targets) {
    console.log(`  target ${t.metric} ${t.op} ${t.target}: ${t.actual} ${t.met ? 'met' : 'MISSED'}`);
    if (!t.met) missed++;
  }
  for (const note of report.notes) console.log(`  note: ${note}`);
}
process.exit(missed > 0 ? 1 : 0);
