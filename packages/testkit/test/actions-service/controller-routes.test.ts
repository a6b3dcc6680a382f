/**
 * The fake Actions service walked through as ARC's controller walks it (actions/scaleset v0.4.0
 * client.go, the client ARC 0.14.2 uses): PAT → registration token → admin connection, then runner
 * groups, scale sets, JIT configs and runners, with the status codes and exception names the client
 * branches on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeActionsService, wireErrors } from '../../src/actions-service/index';

const PAT = 'ghp_fakeActionsServiceTestToken000000000';
let service: FakeActionsService | undefined;

afterEach(async () => {
  await service?.stop();
  service = undefined;
});

async function started(opts: { adminTokenTtlMs?: number } = {}): Promise<FakeActionsService> {
  service = new FakeActionsService({ pat: PAT, orgs: ['tinyland'], ...opts });
  await service.start();
  return service;
}

/** The token flow of updateTokenIfNeeded: returns the tenant URL and the admin token. */
async function adminConnection(s: FakeActionsService): Promise<{ url: string; token: string }> {
  const reg = await fetch(`${s.url}/api/v3/orgs/tinyland/actions/runners/registration-token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PAT}`, 'content-type': 'application/vnd.github.v3+json' },
  });
  expect(reg.status).toBe(201);
  const { token } = (await reg.json()) as { token: string };
  const conn = await fetch(`${s.url}/api/v3/actions/runner-registration`, {
    method: 'POST',
    headers: { authorization: `RemoteAuth ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: s.configUrl('tinyland'), runner_event: 'register' }),
  });
  expect(conn.status).toBe(200);
  return (await conn.json()) as { url: string; token: string };
}

/** newActionsServiceRequest: the path joined onto the tenant URL, api-version added, Bearer admin token. */
function actions(conn: { url: string; token: string }) {
  return async (method: string, path: string, body?: unknown) => {
    const url = new URL(path.replace(/^\//, ''), conn.url);
    url.searchParams.set('api-version', '6.0-preview');
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${conn.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') && text;
    return {
      status: res.status,
      body: json ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      text,
    };
  };
}

describe('fake Actions service: the controller half', () => {
  it('trades the PAT for an admin JWT whose exp the client reads, and refuses a wrong PAT, another org or a forged registration token', async () => {
    const s = await started({ adminTokenTtlMs: 10 * 60_000 });
    const conn = await adminConnection(s);
    expect(wireErrors('adminConnection', conn)).toEqual([]);
    const claims = JSON.parse(Buffer.from(conn.token.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
    };
    expect(claims.exp * 1000 - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(claims.exp * 1000 - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const wrongPat = await fetch(`${s.url}/api/v3/orgs/tinyland/actions/runners/registration-token`, {
      method: 'POST',
      headers: { authorization: 'Bearer ghp_wrong' },
    });
    expect(wrongPat.status).toBe(401);
    const otherOrg = await fetch(`${s.url}/api/v3/orgs/elsewhere/actions/runners/registration-token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PAT}` },
    });
    expect(otherOrg.status).toBe(404);
    const forged = await fetch(`${s.url}/api/v3/actions/runner-registration`, {
      method: 'POST',
      headers: { authorization: 'RemoteAuth NOT-A-TOKEN' },
      body: JSON.stringify({ url: s.configUrl('tinyland'), runner_event: 'register' }),
    });
    expect(forged.status).toBe(401);
  });

  it('answers only with a valid admin token and an api-version', async () => {
    const s = await started();
    const conn = await adminConnection(s);
    const noToken = await fetch(
      `${conn.url}_apis/runtime/runnergroups/?groupName=default&api-version=6.0-preview`,
    );
    expect(noToken.status).toBe(401);
    const tampered = `${conn.token.slice(0, -2)}xx`;
    expect(
      (await actions({ ...conn, token: tampered })('GET', '/_apis/runtime/runnergroups/?groupName=default'))
        .status,
    ).toBe(401);
    const noVersion = await fetch(`${conn.url}_apis/runtime/runnergroups/?groupName=default`, {
      headers: { authorization: `Bearer ${conn.token}` },
    });
    expect(noVersion.status).toBe(400);
    // 0.13's client concatenates the tenant URL (ending in `/`) and `/_apis/…`: `//` reads as `/`.
    const doubled = await fetch(
      `${conn.url}/_apis/runtime/runnergroups/?groupName=default&api-version=6.0-preview`,
      {
        headers: { authorization: `Bearer ${conn.token}` },
      },
    );
    expect(doubled.status).toBe(200);
    const expired = s.auth.issueAdminToken('tinyland', -1_000);
    expect(
      (await actions({ ...conn, token: expired })('GET', '/_apis/runtime/runnergroups/?groupName=default'))
        .status,
    ).toBe(401);
  });

  it('serves the scale-set lifecycle the AutoscalingRunnerSet controller drives', async () => {
    const s = await started();
    s.state.addRunnerGroup('gpu');
    const call = actions(await adminConnection(s));

    const group = await call('GET', '/_apis/runtime/runnergroups/?groupName=gpu');
    expect(group).toMatchObject({
      status: 200,
      body: { count: 1, value: [{ id: 2, name: 'gpu', isDefaultGroup: false }] },
    });
    expect((await call('GET', '/_apis/runtime/runnergroups/?groupName=default')).body).toMatchObject({
      count: 1,
      value: [{ id: 1, isDefaultGroup: true }],
    });
    expect((await call('GET', '/_apis/runtime/runnergroups/?groupName=nope')).body).toEqual({
      count: 0,
      value: [],
    });

    expect((await call('GET', '/_apis/runtime/runnerscalesets?runnerGroupId=2&name=nix')).body).toEqual({
      count: 0,
      value: [],
    });
    const created = await call('POST', '/_apis/runtime/runnerscalesets', {
      name: 'nix',
      runnerGroupId: 2,
      labels: [{ name: 'nix', type: 'System' }],
      RunnerSetting: { disableUpdate: true },
    });
    expect(created.status).toBe(200);
    expect(wireErrors('scaleSet', created.body)).toEqual([]);
    expect(created.body).toMatchObject({
      id: 1,
      name: 'nix',
      runnerGroupId: 2,
      runnerGroupName: 'gpu',
      RunnerSetting: { disableUpdate: true },
    });
    expect((await call('GET', '/_apis/runtime/runnerscalesets?runnerGroupId=2&name=nix')).body).toMatchObject(
      { count: 1 },
    );
    const again = await call('POST', '/_apis/runtime/runnerscalesets', { name: 'nix', runnerGroupId: 2 });
    expect(again.status).toBe(409);

    const moved = await call('PATCH', '/_apis/runtime/runnerscalesets/1', {
      runnerGroupId: 1,
      name: 'nix-2',
    });
    expect(moved).toMatchObject({
      status: 200,
      body: { name: 'nix-2', runnerGroupId: 1, runnerGroupName: 'Default' },
    });
    expect((await call('GET', '/_apis/runtime/runnerscalesets/1')).body).toMatchObject({ name: 'nix-2' });

    expect((await call('DELETE', '/_apis/runtime/runnerscalesets/1')).status).toBe(204);
    const gone = await call('GET', '/_apis/runtime/runnerscalesets/1');
    expect(gone.status).toBe(404);
    expect(wireErrors('exception', gone.body)).toEqual([]);
  });

  it('registers runners through JIT configs and refuses to remove one that runs a job', async () => {
    const s = await started();
    const call = actions(await adminConnection(s));
    await call('POST', '/_apis/runtime/runnerscalesets', { name: 'nix', runnerGroupId: 1 });

    const jit = await call('POST', '/_apis/runtime/runnerscalesets/1/generatejitconfig', {
      name: 'nix-abcde-runner-x1',
      workFolder: '',
    });
    expect(jit.status).toBe(200);
    expect(wireErrors('jitConfig', jit.body)).toEqual([]);
    const runner = jit.body!['runner'] as { id: number; name: string; runnerScaleSetId: number };
    expect(runner).toEqual({ id: 1, name: 'nix-abcde-runner-x1', runnerScaleSetId: 1 });
    const config = JSON.parse(
      Buffer.from(jit.body!['encodedJITConfig'] as string, 'base64').toString(),
    ) as Record<string, unknown>;
    expect(config).toMatchObject({ runnerId: 1, runnerName: 'nix-abcde-runner-x1' });

    // A second JIT config for the same name: AgentExists, which the controller resolves by name.
    const dup = await call('POST', '/_apis/runtime/runnerscalesets/1/generatejitconfig', {
      name: 'nix-abcde-runner-x1',
    });
    expect(dup).toMatchObject({ status: 409, body: { typeName: 'AgentExistsException' } });
    expect(
      (await call('GET', '/_apis/distributedtask/pools/0/agents?agentName=nix-abcde-runner-x1')).body,
    ).toEqual({
      count: 1,
      value: [runner],
    });
    expect((await call('GET', '/_apis/distributedtask/pools/0/agents/1')).body).toEqual(runner);
    expect((await call('GET', '/_apis/runtime/runnerscalesets/1')).body).toMatchObject({
      statistics: { totalRegisteredRunners: 1, totalIdleRunners: 1, totalBusyRunners: 0 },
    });

    s.setRunnerJob('nix-abcde-runner-x1', 'job-1');
    const busy = await call('DELETE', '/_apis/distributedtask/pools/0/agents/1');
    expect(busy).toMatchObject({ status: 400, body: { typeName: 'JobStillRunningException' } });
    s.setRunnerJob('nix-abcde-runner-x1', undefined);
    expect((await call('DELETE', '/_apis/distributedtask/pools/0/agents/1')).status).toBe(204);
    const missing = await call('GET', '/_apis/distributedtask/pools/0/agents/1');
    expect(missing).toMatchObject({ status: 404, body: { typeName: 'AgentNotFoundException' } });
    // Removing it again succeeds, as ARC's finalizer does after every job; an id never issued does not.
    expect((await call('DELETE', '/_apis/distributedtask/pools/0/agents/1')).status).toBe(204);
    const never = await call('DELETE', '/_apis/distributedtask/pools/0/agents/999');
    expect(never).toMatchObject({ status: 404, body: { typeName: 'AgentNotFoundException' } });
    expect(
      (await call('GET', '/_apis/distributedtask/pools/0/agents?agentName=nix-abcde-runner-x1')).body,
    ).toEqual({ count: 0, value: [] });
  });

  it('validates what it serves: a body off the client shape is a 500, never a silent drift', async () => {
    const s = await started();
    const call = actions(await adminConnection(s));
    await call('POST', '/_apis/runtime/runnerscalesets', { name: 'nix', runnerGroupId: 1 });
    // Corrupt the stored record the way a bug in the fake would: the served scale set loses its labels.
    s.state.scaleSet(1).labels = [];
    const served = await call('GET', '/_apis/runtime/runnerscalesets/1');
    expect(served.status).toBe(500);
    expect(served.text).toContain('scaleSet: /labels must NOT have fewer than 1 items');
  });
});
