import { join } from 'node:path';
import type { ActionContext } from '@gloriousflywheel/shared';
import { prometheusRuleYaml, rulesFileYaml } from '../alert-rules';
import type { BenchmarkDefinition } from '../inputs';
import { loadTargets } from '../kpi';
import { reportDir } from '../report-dir';
import { writeText } from '../reports';

/** `alert-rules` mode: the Prometheus rules and PrometheusRule the KPI targets imply. */
export async function main(ctx: ActionContext<BenchmarkDefinition>): Promise<unknown> {
  const targets = loadTargets(ctx.inputs['kpi-targets']);
  const dir = reportDir(ctx);
  const rulesFile = writeText(join(dir, 'gloriousflywheel-rules.yml'), rulesFileYaml(targets));
  const prometheusRuleFile = writeText(
    join(dir, 'gloriousflywheel-prometheusrule.yaml'),
    prometheusRuleYaml(targets),
  );
  ctx.setOutput('rules-file', rulesFile);
  ctx.setOutput('prometheus-rule-file', prometheusRuleFile);
  ctx.summary.heading('Alert rules');
  ctx.summary.paragraph(`Written from the KPI targets: \`${rulesFile}\` and \`${prometheusRuleFile}\`.`);
  return { rulesFile, prometheusRuleFile };
}
