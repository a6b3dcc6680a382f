import { join } from 'node:path';
import { type ActionContext, FlywheelError, type OwnerRepo } from '@gloriousflywheel/shared';
import { createGitHubClient } from '@gloriousflywheel/shared/forge';
import { fleetSnapshot, openMetricsText, pushFleet } from '../fleet';
import type { BenchmarkDefinition } from '../inputs';
import { reportDir } from '../report-dir';
import { writeText } from '../reports';
import { renderFleetSummary } from '../summary';

/** `fleet` mode: the runner gauges per pool, as OpenMetrics text and optionally pushed. */
export async function main(ctx: ActionContext<BenchmarkDefinition>): Promise<unknown> {
  const i = ctx.inputs;
  if (!i.token) throw new FlywheelError('INPUT_INVALID', 'fleet mode needs `token` to read the runners');
  const reports = reportDir(ctx);
  const onWait = (message: string) => ctx.log.info(message);
  const client = createGitHubClient({
    token: i.token,
    baseUrl: ctx.context.apiUrl,
    timeoutMs: i['api-timeout'],
    onWait,
  });
  const snapshot = await fleetSnapshot(client, {
    ...(i.org ? { org: i.org } : {}),
    // The list builder's item type is not narrowed by the shared spec, so name it here.
    repositories: (i.repositories ?? []) as OwnerRepo[],
    pools: (i.pools ?? []) as string[],
  });
  const metricsFile = writeText(join(reports, 'fleet.openmetrics.txt'), await openMetricsText(snapshot));
  ctx.setOutput('metrics-file', metricsFile);
  if (i['pushgateway-url']) {
    await pushFleet(snapshot, i['pushgateway-url'].toString(), i['pushgateway-job'], {
      timeoutMs: i['api-timeout'],
      onRetry: onWait,
    });
    ctx.log.info(`Pushed ${snapshot.pools.length} pools to ${i['pushgateway-url'].origin}`);
  }
  renderFleetSummary(ctx.summary, snapshot);
  return { metricsFile, snapshot };
}
