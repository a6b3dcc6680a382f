/**
 * Regenerates monitoring/ from the default KPI targets: `npx tsx actions/benchmark/scripts/write-alert-rules.ts`.
 * actions/benchmark/test/alert-rules.test.ts fails when the committed files differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prometheusRuleYaml, rulesFileYaml } from '../src/alert-rules';
import { DEFAULT_TARGETS } from '../src/kpi';

const root = join(import.meta.dirname, '..', '..', '..', 'monitoring');
writeFileSync(join(root, 'gloriousflywheel-rules.yml'), rulesFileYaml(DEFAULT_TARGETS));
writeFileSync(join(root, 'gloriousflywheel-prometheusrule.yaml'), prometheusRuleYaml(DEFAULT_TARGETS));
console.log(`wrote ${root}`);
