/**
 * The fake Actions service walked through as ARC's listener walks it (actions/scaleset v0.4.0
 * session_client.go): a message session, the long-polled queue of job message batches, acquiring
 * jobs, and a job's messages from available to completed, with the statistics the listener scales on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeActionsService, wireErrors } from '../../src/actions-service/index';

const PAT = 'ghp_fakeActionsServiceTestToken000000000';
let service: FakeActionsService | undefined;

afterEach(async () => {
  await service?.stop();
  service = undefined;
});

interface Session {
  sessionId: string;
  messageQueueUrl: string;
  messageQueueAccessToken: string;
  statistics: Record<string, number>;
}

async function setUp(opts: { longPollMs?: number; queueTokenTtlMs?: number } = {}) {
  service = new FakeActionsService({ pat: PAT, orgs: ['tinyland'], longPollMs: 5_000, ...opts });
  const s = service;
  await s.start();
  const reg = await fetch(`${s.url}/api/v3/orgs/tinyland/actions/runners/registration-token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PAT}` },
  });
  const { token } = (await reg.json()) as { token: string };
  const conn = (await (
    await fetch(`${s.url}/api/v3/actions/runner-registration`, {
      method: 'POST',
      headers: { authorization: `RemoteAuth ${token}` },
      body: JSON.stringify({ url: s.configUrl('tinyland'), runner_event: 'register' }),
    })
  ).json()) as { url: string; token: string };
  const call = async (method: string, path: string, body?: unknown, bearer = conn.token) => {
    const url = new URL(path.replace(/^\//, ''), conn.url);
    url.searchParams.set('api-version', '6.0-preview');
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  await call('POST', '/_apis/runtime/runnerscalesets', { name: 'nix', runnerGroupId: 1 });
  return { s, call };
}

/** getMessage: Bearer queue token, the capacity header, lastMessageId once one was seen. */
async function poll(session: Session, lastMessageId = 0) {
  const url = new URL(session.messageQueueUrl);
  if (lastMessageId > 0) url.searchParams.set('lastMessageId', String(lastMessageId));
  const res = await fetch(url, {
    headers: {
      authorization: `Bearer ${session.messageQueueAccessToken}`,
      accept: 'application/json; api-version=6.0-preview',
      'X-ScaleSetMaxCapacity': '4',
    },
  });
  if (res.status !== 200) return { status: res.status };
  const message = (await res.json()) as {
    messageId: number;
    body: string;
    statistics: Record<string, number>;
  };
  expect(wireErrors('message', message)).toEqual([]);
  const jobs = JSON.parse(message.body) as Record<string, unknown>[];
  expect(wireErrors('jobMessages', jobs)).toEqual([]);
  return { status: 200, messageId: message.messageId, statistics: message.statistics, jobs };
}

async function ack(session: Session, messageId: number): Promise<number> {
  const res = await fetch(`${session.messageQueueUrl}/${messageId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${session.messageQueueAccessToken}` },
  });
  return res.status;
}

describe('fake Actions service: the listener half', () => {
  it('takes one job from available to completed through session, queue and acquire', async () => {
    const { s, call } = await setUp();
    const queued = s.queueJob('nix', { repository: 'app', displayName: 'build' });

    const created = await call('POST', '/_apis/runtime/runnerscalesets/1/sessions', {
      ownerName: 'listener-pod',
    });
    expect(created.status).toBe(200);
    expect(wireErrors('session', created.body)).toEqual([]);
    const session = created.body as unknown as Session;
    expect(session.statistics).toMatchObject({ totalAvailableJobs: 1, totalAssignedJobs: 0 });
    // One listener per scale set: the second session is the conflict ARC's listener exits on.
    const second = await call('POST', '/_apis/runtime/runnerscalesets/1/sessions', { ownerName: 'other' });
    expect(second).toMatchObject({ status: 409, body: { typeName: 'TaskAgentSessionConflictException' } });

    const available = await poll(session);
    expect(available.jobs).toMatchObject([
      { messageType: 'JobAvailable', runnerRequestId: queued.requestId, jobId: queued.jobId },
    ]);
    expect(s.state.sessions.get(1)?.lastMaxCapacity).toBe(4);
    // AcquireJobs takes the queue token, not the admin token.
    expect(
      (await call('POST', '/_apis/runtime/runnerscalesets/1/acquirejobs', [queued.requestId])).status,
    ).toBe(401);
    const acquired = await call(
      'POST',
      '/_apis/runtime/runnerscalesets/1/acquirejobs',
      [queued.requestId],
      session.messageQueueAccessToken,
    );
    expect(acquired).toMatchObject({ status: 200, body: { count: 1, value: [queued.requestId] } });
    expect(await ack(session, available.messageId!)).toBe(204);

    const assigned = await poll(session, available.messageId);
    expect(assigned.jobs).toMatchObject([{ messageType: 'JobAssigned', runnerRequestId: queued.requestId }]);
    expect(assigned.statistics).toMatchObject({
      totalAvailableJobs: 0,
      totalAssignedJobs: 1,
      totalRunningJobs: 0,
    });
    expect(await ack(session, assigned.messageId!)).toBe(204);

    const jit = await call('POST', '/_apis/runtime/runnerscalesets/1/generatejitconfig', {
      name: 'nix-runner-1',
    });
    const runnerId = (jit.body!['runner'] as { id: number }).id;
    expect(s.startJob('nix-runner-1')?.jobId).toBe(queued.jobId);
    const started = await poll(session, assigned.messageId);
    expect(started.jobs).toMatchObject([{ messageType: 'JobStarted', runnerId, runnerName: 'nix-runner-1' }]);
    expect(started.statistics).toMatchObject({
      totalAssignedJobs: 1,
      totalRunningJobs: 1,
      totalBusyRunners: 1,
    });
    expect((await call('DELETE', `/_apis/distributedtask/pools/0/agents/${runnerId}`)).status).toBe(400);
    expect(await ack(session, started.messageId!)).toBe(204);

    s.completeJob('nix-runner-1');
    const completed = await poll(session, started.messageId);
    expect(completed.jobs).toMatchObject([
      { messageType: 'JobCompleted', result: 'Succeeded', runnerName: 'nix-runner-1' },
    ]);
    expect(completed.statistics).toMatchObject({ totalAssignedJobs: 0, totalRegisteredRunners: 0 });
    // The runner times read in order, as the listener's metrics take them.
    const job = completed.jobs![0] as Record<string, string>;
    for (const [a, b] of [
      ['queueTime', 'scaleSetAssignTime'],
      ['scaleSetAssignTime', 'runnerAssignTime'],
      ['runnerAssignTime', 'finishTime'],
    ] as const)
      expect(Date.parse(job[a]!)).toBeLessThanOrEqual(Date.parse(job[b]!));
  });

  it('a job cancelled before a runner took it completes canceled, with no runner, and leaves the assigned count', async () => {
    const { s, call } = await setUp();
    const queued = s.queueJob('nix');
    const session = (await call('POST', '/_apis/runtime/runnerscalesets/1/sessions', { ownerName: 'l' }))
      .body as unknown as Session;
    const available = await poll(session);
    await call(
      'POST',
      '/_apis/runtime/runnerscalesets/1/acquirejobs',
      [queued.requestId],
      session.messageQueueAccessToken,
    );
    const assigned = await poll(session, available.messageId);
    expect(assigned.statistics).toMatchObject({ totalAssignedJobs: 1 });
    s.cancelJob(queued.requestId);
    const completed = await poll(session, assigned.messageId);
    // poll() checks the batch against the client's shape: Go's zero runner (id 0, no name) passes.
    expect(completed.jobs).toMatchObject([
      { messageType: 'JobCompleted', result: 'canceled', runnerId: 0, runnerName: '' },
    ]);
    expect(completed.statistics).toMatchObject({ totalAssignedJobs: 0, totalAvailableJobs: 0 });
    // A job that already ended, or never existed, cannot be cancelled.
    expect(() => s.cancelJob(queued.requestId)).toThrow(/No waiting job/);
  });

  it('answers an empty poll with 202 after the long poll, and wakes a waiting poll when a job comes', async () => {
    const { s, call } = await setUp({ longPollMs: 300 });
    const session = (await call('POST', '/_apis/runtime/runnerscalesets/1/sessions', { ownerName: 'l' }))
      .body as unknown as Session;
    const t0 = Date.now();
    expect((await poll(session)).status).toBe(202);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);

    await s.stop();
    service = undefined;
    const again = await setUp({ longPollMs: 10_000 });
    const live = (await again.call('POST', '/_apis/runtime/runnerscalesets/1/sessions', { ownerName: 'l' }))
      .body as unknown as Session;
    const waiting = poll(live);
    setTimeout(() => again.s.queueJob('nix'), 100);
    const t1 = Date.now();
    expect((await waiting).jobs).toMatchObject([{ messageType: 'JobAvailable' }]);
    expect(Date.now() - t1).toBeLessThan(5_000);
  });

  it('answers an expired queue token with 401, which a session refresh cures; a deleted session ends its poll', async () => {
    const { s, call } = await setUp({ queueTokenTtlMs: 1_000, longPollMs: 10_000 });
    const session = (await call('POST', '/_apis/runtime/runnerscalesets/1/sessions', { ownerName: 'l' }))
      .body as unknown as Session;
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await poll(session)).status).toBe(401);
    const refreshed = await call('PATCH', `/_apis/runtime/runnerscalesets/1/sessions/${session.sessionId}`);
    expect(refreshed.status).toBe(200);
    const fresh = refreshed.body as unknown as Session;
    expect(fresh.sessionId).toBe(session.sessionId);
    s.queueJob('nix');
    expect((await poll(fresh)).jobs).toMatchObject([{ messageType: 'JobAvailable' }]);

    // A poll that acknowledges everything so far and waits.
    const pending = poll(fresh, 99);
    const deleted = await call('DELETE', `/_apis/runtime/runnerscalesets/1/sessions/${session.sessionId}`);
    expect(deleted.status).toBe(204);
    expect((await pending).status).not.toBe(200);
    // The scale set is free for the next listener.
    expect(
      (await call('POST', '/_apis/runtime/runnerscalesets/1/sessions', { ownerName: 'next' })).status,
    ).toBe(200);
  });
});
