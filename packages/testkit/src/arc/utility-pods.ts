import { kubeTimestamp } from '../kube/index';
import { type SimContext, types } from './context';
import { fnv32a, safeEncode } from './hash';

export interface PileUpOptions {
  /** How the pods ended (default Succeeded). */
  phase?: 'Succeeded' | 'Failed';
  /** How long ago they were created and ended (default 6 h). */
  ageMs?: number;
  /** The CronJob whose Jobs left them (default `warm-pool-scaler`). */
  cronJob?: string;
}

/** A UID-shaped identifier derived from a name (no randomness: a seeded run reproduces). */
function uidOf(name: string): string {
  const hex = (s: string) => fnv32a(s).toString(16).padStart(8, '0');
  const h = hex(name) + hex(`${name}/1`) + hex(`${name}/2`) + hex(`${name}/3`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Finished utility pods piling up (the 2026-05-12 incident: completed and failed pods of CronJob
 * runs holding a node's finite pod slots): pods without an ARC owner, labelled as a Job's pods are
 * (`job-name`, `controller-uid` and their `batch.kubernetes.io/` forms), ended `ageMs` ago. On the
 * fake their creationTimestamp is that far in the past too; a real server stamps its own clock, so
 * there only the status times (startTime, the container's startedAt/finishedAt) carry the age. They
 * have no ownerReference: the Job objects themselves are not simulated (the garbage collector would
 * delete pods whose owner is missing).
 */
export async function pileUpPods(
  ctx: SimContext,
  namespace: string,
  count: number,
  o: PileUpOptions = {},
): Promise<string[]> {
  const phase = o.phase ?? 'Succeeded';
  const ageMs = o.ageMs ?? 6 * 3_600_000;
  const cronJob = o.cronJob ?? 'warm-pool-scaler';
  const ended = ctx.clock.nowMs() - ageMs;
  const started = kubeTimestamp(new Date(ended - 20_000));
  const finished = kubeTimestamp(new Date(ended));
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    // CronJob names its Jobs <cronjob>-<scheduled time in minutes>; the Job its pods <job>-<5 chars>.
    const job = `${cronJob}-${Math.floor(ended / 60_000) - i * 60}`;
    const name = `${job}-${safeEncode(String(fnv32a(job))).slice(0, 5)}`;
    if (ctx.cache.get(types.pod, namespace, name)) continue;
    const uid = uidOf(job);
    const body = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': job,
          'controller-uid': uid,
          'job-name': job,
        },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'scale',
            image: 'bitnami/kubectl:1.31',
            command: ['kubectl', 'patch', 'autoscalingrunnerset', 'nix', '--type=merge'],
          },
        ],
      },
    };
    const exitCode = phase === 'Succeeded' ? 0 : 1;
    await ctx.clock.backdated(ageMs + 30_000, () => ctx.api.create(types.pod, namespace, body));
    await ctx.api.patch(
      types.pod,
      namespace,
      name,
      {
        status: {
          phase,
          startTime: started,
          conditions: [
            { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: started },
            {
              type: 'Ready',
              status: 'False',
              reason: phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed',
              lastProbeTime: null,
              lastTransitionTime: finished,
            },
          ],
          containerStatuses: [
            {
              name: 'scale',
              image: 'bitnami/kubectl:1.31',
              imageID: '',
              ready: false,
              started: false,
              restartCount: 0,
              state: {
                terminated: {
                  exitCode,
                  reason: exitCode === 0 ? 'Completed' : 'Error',
                  startedAt: started,
                  finishedAt: finished,
                },
              },
            },
          ],
        },
      },
      { subresource: 'status' },
    );
    names.push(name);
  }
  return names;
}
