import { runProcess } from '@gloriousflywheel/shared';
import type { SimulatedCluster } from '../../src/arc/cluster';
import { tofuStandinPath } from '../../src/tofu/index';

export interface PlanJson {
  resource_changes: {
    address: string;
    type: string;
    change: {
      actions: string[];
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    };
  }[];
}

/** Runs the stand-in in `dir` against the cluster a kubeconfig file names. */
export function tofu(dir: string, kubeconfigPath: string, args: string[]) {
  return runProcess(tofuStandinPath, args, {
    cwd: dir,
    env: { ...process.env, KUBECONFIG: kubeconfigPath },
  });
}

/** plan -out, then show -json: the plan as arc-apply reads it. */
export async function planJson(dir: string, kubeconfigPath: string, extra: string[] = []): Promise<PlanJson> {
  const plan = await tofu(dir, kubeconfigPath, [
    'plan',
    '-out=p.tfplan',
    '-var-file=runners.tfvars',
    ...extra,
  ]);
  if (plan.exitCode !== 0) throw new Error(`plan failed: ${plan.stderr}`);
  const show = await tofu(dir, kubeconfigPath, ['show', '-json', 'p.tfplan']);
  return JSON.parse(show.stdout) as PlanJson;
}

export async function applyPlan(dir: string, kubeconfigPath: string) {
  return tofu(dir, kubeconfigPath, ['apply', '-input=false', 'p.tfplan']);
}

export const summary = (p: PlanJson) =>
  p.resource_changes.map((c) => [c.address, c.change.actions.join('+')]);

/** The GitHub config secrets the chart's default names point at, made by a client (sets tofu creates use them). */
export async function configSecrets(c: SimulatedCluster, ...sets: string[]): Promise<void> {
  for (const name of sets) {
    const res = await fetch(`${c.url}/api/v1/namespaces/${c.runnersNamespace}/secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${name}-gha-rs-github-secret` },
        data: { github_token: Buffer.from('simulated-token').toString('base64') },
      }),
    });
    if (res.status !== 201) throw new Error(`secret for ${name}: ${res.status} ${await res.text()}`);
  }
}
