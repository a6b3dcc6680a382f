/**
 * The process kubelet's runner half on the real API server with the fake Actions service, in
 * `npm test` (the listener half runs ARC's listener binary, so it is exercised by the conformance
 * suites only). Runner pods are created here the way ARC's EphemeralRunner controller creates them
 * (label `actions-ephemeral-runner=True`, container `runner`), their runners registered as a JIT
 * config registers them, and jobs assigned as ARC's listener acquires them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeActionsService } from '../../src/actions-service/index';
import { acquireJobs } from '../../src/actions-service/job-flow';
import { ProcessKubelet } from '../../src/conformance/process-kubelet';
import type { KubeObject } from '../../src/kube/index';
import { type RealKube, startRealKube } from '../../src/kube-real/index';
import { RestClient } from '../../src/kube-real/rest-client';

const RUNNERS = 'kubelet-runners';
let kube: RealKube;
let rest: RestClient;
let service: FakeActionsService;
let kubelet: ProcessKubelet;
let scaleSetId: number;

beforeAll(async () => {
  kube = await startRealKube({ arcCrds: false });
  rest = new RestClient(kube.url, kube.caPem, kube.tokenOf());
  await kube.createNamespace(RUNNERS);
  await kube.createNamespace('kubelet-controller');
  service = new FakeActionsService({ pat: 'ghp_kubelet', orgs: ['tinyland'] });
  await service.start();
  scaleSetId = service.state.createScaleSet({
    name: 'nix',
    runnerGroupId: 1,
    labels: [{ type: 'System', name: 'nix' }],
    disableUpdate: false,
  }).id;
  kubelet = new ProcessKubelet({
    kube,
    service,
    listenerBin: '/nonexistent/ghalistener',
    controllerNamespace: 'kubelet-controller',
    runnersNamespace: RUNNERS,
    jobDurationMs: () => 1_500,
    pollMs: 100,
  });
  kubelet.start();
}, 300_000);

afterAll(async () => {
  await kubelet?.stop();
  await service?.stop();
  rest?.close();
  await kube?.stop();
}, 120_000);

async function runnerPod(name: string): Promise<void> {
  service.state.registerRunner(scaleSetId, name);
  const answer = await rest.call('POST', `/api/v1/namespaces/${RUNNERS}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'actions-ephemeral-runner': 'True' } },
    spec: { restartPolicy: 'Never', containers: [{ name: 'runner', image: 'runner' }] },
  });
  expect(answer.status).toBe(201);
}

async function pod(name: string): Promise<KubeObject | undefined> {
  const answer = await rest.call('GET', `/api/v1/namespaces/${RUNNERS}/pods/${name}`);
  return answer.status === 200 ? (answer.body as KubeObject) : undefined;
}

const phaseOf = async (name: string) => ((await pod(name))?.status as { phase?: string } | undefined)?.phase;

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end)
      throw new Error(`${what}: not within ${ms} ms (kubelet: ${kubelet.lastError ?? 'no error'})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A job queued and acquired by the scale set, as ARC's listener acquires it. */
function assignedJob() {
  const job = service.queueJob('nix');
  acquireJobs(service.state, scaleSetId, [job.requestId], '');
  return job;
}

describe('the process kubelet, runner pods', () => {
  it('moves a runner pod Pending → Running, runs its job to the end and reports it Succeeded (exit 0)', async () => {
    await runnerPod('runner-a');
    await until('runner-a Running', async () => (await phaseOf('runner-a')) === 'Running');
    const running = (await pod('runner-a'))!.status as {
      containerStatuses: { name: string; ready: boolean; state: Record<string, unknown> }[];
    };
    expect(running.containerStatuses[0]).toMatchObject({ name: 'runner', ready: true });
    expect(running.containerStatuses[0]!.state['running']).toBeDefined();
    const job = assignedJob();
    await until('the job ran and its pod succeeded', async () => (await phaseOf('runner-a')) === 'Succeeded');
    expect(service.state.jobs.get(job.requestId)).toMatchObject({
      state: 'done',
      result: 'Succeeded',
      runnerName: 'runner-a',
    });
    const done = (await pod('runner-a'))!.status as {
      containerStatuses: { state: { terminated?: { exitCode: number } } }[];
    };
    expect(done.containerStatuses[0]!.state.terminated?.exitCode).toBe(0);
    expect(kubelet.completed.map((j) => j.requestId)).toContain(job.requestId);
    // The ephemeral runner left the service with its job.
    expect(service.state.runnerByName('runner-a')).toBeUndefined();
  });

  it('records a job killed when its runner pod is deleted while it runs, and fails that job', async () => {
    await runnerPod('runner-b');
    await until('runner-b Running', async () => (await phaseOf('runner-b')) === 'Running');
    const job = assignedJob();
    await until('runner-b took the job', () => service.state.jobs.get(job.requestId)?.state === 'running');
    expect((await rest.call('DELETE', `/api/v1/namespaces/${RUNNERS}/pods/runner-b`)).status).toBe(200);
    await until('the killed job recorded', () => kubelet.killed.length === 1);
    expect(kubelet.killed).toEqual([{ runner: 'runner-b', requestId: job.requestId }]);
    expect(service.state.jobs.get(job.requestId)).toMatchObject({ state: 'done', result: 'Failed' });
  });

  it('a held runner takes no job until released', async () => {
    kubelet.hold();
    await runnerPod('runner-c');
    await runnerPod('runner-d');
    await until(
      'both Running',
      async () => (await phaseOf('runner-c')) === 'Running' && (await phaseOf('runner-d')) === 'Running',
    );
    const job = assignedJob();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(service.state.jobs.get(job.requestId)?.state).toBe('assigned');
    kubelet.release('runner-d');
    await until(
      'runner-d took the job',
      () => service.state.jobs.get(job.requestId)?.runnerName === 'runner-d',
    );
    expect(service.state.runnerByName('runner-c')?.jobId).toBeUndefined();
    kubelet.release();
  });
});
