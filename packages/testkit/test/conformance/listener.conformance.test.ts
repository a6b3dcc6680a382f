/**
 * Conformance: ARC's real listener binary (ARC_LISTENER_BIN, ARC_VERSION) against the testkit's
 * fake Actions service and the real kube-apiserver test bed. Each case pins a rule the simulator's
 * listener (packages/testkit/src/arc/listener-process.ts) follows; a disagreement is a simulator
 * bug. Without the variables the suite reports one line and does not run: CI has no ARC binary
 * (it is not built from the Go module proxy, and no build of it belongs in this repository).
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeActionsService } from '../../src/actions-service/index';
import { arcBinaries } from '../../src/conformance/arc-binaries';
import {
  type ListenerConfig,
  type ListenerProcess,
  startListenerBinary,
} from '../../src/conformance/listener-binary';
import { type RealKube, realKubeUnavailable, startRealKube } from '../../src/kube-real/index';

const found = arcBinaries({ manager: false });
const noKube = realKubeUnavailable();
const missing = 'missing' in found ? found.missing : noKube;
const version = 'missing' in found ? '' : found.version;
if (missing) console.warn(`listener conformance: not run: ${missing}`);

const ARC = { group: 'actions.github.com', version: 'v1alpha1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(last)} after ${ms} ms`);
    await sleep(100);
    last = await read();
  }
  return last;
}

describe.skipIf(Boolean(missing))(`ARC's real listener ${version} against the fake Actions service`, () => {
  let kube: RealKube;
  let api: CustomObjectsApi;
  let service: FakeActionsService;
  const running: ListenerProcess[] = [];
  let n = 0;

  beforeAll(async () => {
    kube = await startRealKube();
    api = kube.kubeConfig().makeApiClient(CustomObjectsApi);
  }, 120_000);
  afterAll(async () => kube?.stop());
  afterEach(async () => {
    for (const l of running.splice(0)) await l.stop();
    await service?.stop();
  });

  /** A namespace with a runner set and `runners` EphemeralRunners, a scale set on the service, and a listener config. */
  async function fleet(o: {
    min: number;
    max: number;
    runners?: string[];
  }): Promise<{ ns: string; config: ListenerConfig }> {
    const ns = `conformance-${++n}`;
    await kube.createNamespace(ns);
    service = new FakeActionsService({ pat: 'ghp_conformance', orgs: ['tinyland'], longPollMs: 2_000 });
    await service.start();
    const set = service.state.createScaleSet({
      name: 'nix',
      runnerGroupId: 1,
      labels: [{ type: 'System', name: 'nix' }],
      disableUpdate: false,
    });
    const runnerSpec = {
      githubConfigUrl: service.configUrl('tinyland'),
      githubConfigSecret: 'github',
      runnerScaleSetId: set.id,
      spec: { containers: [{ name: 'runner', image: 'runner' }] },
    };
    await api.createNamespacedCustomObject({
      ...ARC,
      namespace: ns,
      plural: 'ephemeralrunnersets',
      body: {
        apiVersion: 'actions.github.com/v1alpha1',
        kind: 'EphemeralRunnerSet',
        metadata: { name: 'nix-ers' },
        spec: { replicas: 0, patchID: 0, ephemeralRunnerSpec: runnerSpec },
      },
    });
    for (const name of o.runners ?? [])
      await api.createNamespacedCustomObject({
        ...ARC,
        namespace: ns,
        plural: 'ephemeralrunners',
        body: {
          apiVersion: 'actions.github.com/v1alpha1',
          kind: 'EphemeralRunner',
          metadata: { name },
          spec: runnerSpec,
        },
      });
    return {
      ns,
      config: {
        configure_url: service.configUrl('tinyland'),
        github_token: 'ghp_conformance',
        ephemeral_runner_set_namespace: ns,
        ephemeral_runner_set_name: 'nix-ers',
        min_runners: o.min,
        max_runners: o.max,
        runner_scale_set_id: set.id,
        runner_scale_set_name: 'nix',
      },
    };
  }

  const replicas = (ns: string) => async () =>
    (
      (await api.getNamespacedCustomObject({
        ...ARC,
        namespace: ns,
        plural: 'ephemeralrunnersets',
        name: 'nix-ers',
      })) as { spec: { replicas: number } }
    ).spec.replicas;
  const start = (config: ListenerConfig) => {
    const l = startListenerBinary((found as { listener: string }).listener, kube, config);
    running.push(l);
    return l;
  };

  it('patches its runner set to min(minRunners + assigned jobs, maxRunners) and writes JobStarted onto the runner', async () => {
    const { ns, config } = await fleet({ min: 1, max: 3, runners: ['nix-runner-a'] });
    const listener = start(config);
    await until('replicas at minRunners', replicas(ns), (r) => r === 1);
    const jobs = [0, 1, 2, 3].map(() => service.queueJob('nix'));
    // Four assigned jobs: 1 + 4 capped at maxRunners 3.
    await until('replicas capped at maxRunners', replicas(ns), (r) => r === 3);
    expect(jobs.every((j) => service.state.jobs.get(j.requestId)?.state === 'assigned')).toBe(true);
    service.state.registerRunner(1, 'nix-runner-a');
    const taken = service.startJob('nix-runner-a')!;
    const er = await until(
      'job fields on the EphemeralRunner',
      async () =>
        (await api.getNamespacedCustomObject({
          ...ARC,
          namespace: ns,
          plural: 'ephemeralrunners',
          name: 'nix-runner-a',
        })) as { status?: Record<string, unknown> },
      (o) => Boolean(o.status?.['jobId']),
    );
    expect(er.status).toMatchObject({
      jobId: taken.jobId,
      jobRequestId: taken.requestId,
      jobRepositoryName: 'tinyland/app',
    });
    service.completeJob('nix-runner-a');
    // Three still assigned: 1 + 3 = 4, capped at 3.
    await sleep(1_000);
    expect(await replicas(ns)()).toBe(3);
    for (const [i, job] of jobs.slice(1).entries()) {
      const name = `nix-runner-${i}`;
      service.state.registerRunner(1, name);
      expect(service.startJob(name)?.requestId).toBe(job.requestId);
      service.completeJob(name);
    }
    await until('replicas back at minRunners', replicas(ns), (r) => r === 1);
    expect(listener.exitCode()).toBeUndefined();
    expect(service.state.sessions.get(1)?.lastMaxCapacity).toBe(3);
  }, 90_000);

  it("exits when the scale set's session is held by another listener, as the simulator's sessionConflictMs models", async () => {
    const { config } = await fleet({ min: 0, max: 2 });
    start(config);
    await until(
      'first session',
      async () => service.state.sessions.size,
      (s) => s === 1,
    );
    const second = start(config);
    const t0 = Date.now();
    const conflicts = () =>
      service.log.filter((r) => r.method === 'POST' && r.path.endsWith('/sessions') && r.status === 409)
        .length;
    // Neither version retries the 409: 0.14's scaleset client does not, and 0.13.1's retry loop waits
    // for an error type its client never returns. The process ends at once, non-zero.
    const code = await Promise.race([second.exited, sleep(15_000).then(() => 'running' as const)]);
    expect(code).not.toBe('running');
    expect(code).not.toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(conflicts()).toBe(1);
    console.info(
      `listener conformance ${version}: the second listener exited ${code} ${Date.now() - t0} ms after its start`,
    );
  }, 90_000);
});
