import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { digestOf, type PlanOutcome, type TofuRunner } from '../src/engine/tofu';
import type { ClusterGateway } from '../src/kube/gateway';
import type { Ars, Caps } from '../src/kube/types';

/**
 * An in-process stand-in for tofu used by the randomized fault runs, where starting a process per
 * plan would make 200 runs take minutes. Same contract as the executable stand-in: the plan sets
 * each ARS to its target caps and version label; apply patches them.
 */
export function inProcessTofu(
  gw: ClusterGateway,
  namespace: string,
  targets: Map<string, Caps>,
  opts: { failApply?: boolean; versionLabel?: string } = {},
): TofuRunner {
  return {
    async planAndShow(dir, name = 'arc-apply.tfplan') {
      const live = await gw.list<Ars>('AutoscalingRunnerSet', namespace);
      const changes = [...targets].map(([set, caps]) => {
        const ars = live.find((a) => a.metadata.name === set);
        const labels = {
          ...(ars?.metadata.labels ?? {}),
          ...(opts.versionLabel ? { 'app.kubernetes.io/version': opts.versionLabel } : {}),
        };
        const manifest = (spec: unknown) => ({
          apiVersion: 'actions.github.com/v1alpha1',
          kind: 'AutoscalingRunnerSet',
          metadata: { name: set, namespace, labels },
          spec,
        });
        return {
          address: `kubernetes_manifest.runner_set["${set}"]`,
          type: 'kubernetes_manifest',
          name: 'runner_set',
          index: set,
          change: {
            actions: ['update'],
            before: { manifest: manifest(ars?.spec) },
            after: { manifest: manifest({ ...ars?.spec, ...caps }) },
          },
        };
      });
      const json = { format_version: '1.2', timestamp: new Date().toISOString(), resource_changes: changes };
      const planFile = join(dir, name);
      await writeFile(planFile, JSON.stringify(json));
      return {
        planFile,
        digest: await digestOf(planFile),
        writtenAt: new Date(),
        json,
        log: '',
      } satisfies PlanOutcome;
    },
    async apply(plan) {
      if (opts.failApply) throw new FlywheelError('APPLY_FAILED', 'in-process tofu told to fail');
      for (const c of plan.json.resource_changes) {
        const m = (
          c.change.after as {
            manifest: { metadata: { name: string; labels: Record<string, string> }; spec: Caps };
          }
        ).manifest;
        await gw.patch('AutoscalingRunnerSet', namespace, m.metadata.name, {
          metadata: { labels: m.metadata.labels },
          spec: { minRunners: m.spec.minRunners, maxRunners: m.spec.maxRunners },
        });
      }
      return 'applied';
    },
  };
}
