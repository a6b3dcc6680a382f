/**
 * Every fault an outbound call meets — refused, never answered, 500, an HTML page, text that is not
 * JSON, a body cut off half-way, a DNS name that does not resolve — ends, within its deadline, in a
 * FlywheelError whose code is not INTERNAL and whose message names the host, through each client
 * the actions use: httpRequest, the GitHub client (Octokit) and the GitLab client (gitbeaker).
 */
import {
  LOOPBACK_FAULTS,
  type LoopbackFault,
  type LoopbackFaultServer,
  startLoopbackFault,
} from '@gloriousflywheel/testkit/http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGitHubClient,
  createGitLabClient,
  GitHubSource,
  GitLabSource,
  toForgeError,
} from '../../src/forge';
import { deadlineFetch } from '../../src/http/deadline-fetch';
import { FlywheelError, httpRequest, toFlywheelError } from '../../src/index';

let server: LoopbackFaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const fast = { timeoutMs: 800, retries: 1 };

/** The code each client gives a fault: never INTERNAL, the forge's own codes for forge calls. */
const FORGE_CODE: Record<LoopbackFault, string> = {
  refused: 'FORGE_UNREACHABLE',
  hang: 'FORGE_UNREACHABLE',
  'status-500': 'FORGE_API',
  html: 'BAD_RESPONSE',
  'not-json': 'BAD_RESPONSE',
  truncated: 'FORGE_UNREACHABLE',
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe.each(LOOPBACK_FAULTS)('an outbound call meeting %s', (fault) => {
  it('through the GitHub client: the forge code, the host, no INTERNAL', async () => {
    server = await startLoopbackFault(fault);
    const host = new URL(server.url).host;
    const waits: string[] = [];
    const gh = createGitHubClient({
      token: 'ghp_token',
      baseUrl: server.url,
      ...fast,
      retryAfterBaseMs: 20,
      onWait: (m) => waits.push(m),
    });
    const error = toForgeError(await failure(new GitHubSource(gh).repository('o/r')), 'reading o/r');
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error.code).toBe(FORGE_CODE[fault]);
    expect(error.message).toContain(host);
    expect(error.hint).toBeTruthy();
    expect(error.message).not.toContain('ghp_token');
    // What each retry waited for was said.
    if (fault !== 'html' && fault !== 'not-json') expect(waits.join('\n')).toMatch(/retry 1 of 1 in/);
  });

  it('through the GitLab client: the forge code, the host, no INTERNAL', async () => {
    server = await startLoopbackFault(fault);
    const gl = createGitLabClient({ host: server.url, token: 'glpat-token', ...fast, baseDelayMs: 20 });
    const error = toForgeError(await failure(new GitLabSource(gl).repository('g/p')), 'reading g/p');
    expect(error.code).toBe(FORGE_CODE[fault]);
    expect(error.message).toContain(new URL(server.url).host);
    expect(error.message).not.toContain('glpat-token');
  });

  it('through httpRequest and json(): a classified error, never INTERNAL', async () => {
    server = await startLoopbackFault(fault);
    const outcome = await httpRequest(`${server.url}/x`, { ...fast, baseDelayMs: 10 })
      .then((res) => (res.status >= 500 ? res.status : res.json()))
      .catch((error: unknown) => toFlywheelError(error));
    if (fault === 'status-500') expect(outcome).toBe(500);
    else {
      expect(outcome).toBeInstanceOf(FlywheelError);
      const error = outcome as FlywheelError;
      expect(error.code).not.toBe('INTERNAL');
      expect(['NETWORK_ERROR', 'BAD_RESPONSE']).toContain(error.code);
      expect(error.message).toContain(new URL(server.url).host);
    }
  });
});

describe('names that do not resolve and ports fetch refuses', () => {
  it('a DNS failure is FORGE_UNREACHABLE saying so', async () => {
    const gh = createGitHubClient({
      token: 't',
      baseUrl: 'http://flywheel-nonexistent.invalid',
      ...fast,
      retries: 0,
    });
    const error = toForgeError(await failure(gh.rest.repos.get({ owner: 'o', repo: 'r' })), 'reading o/r');
    expect(error.code).toBe('FORGE_UNREACHABLE');
    expect(error.message).toContain('flywheel-nonexistent.invalid');
    expect(error.message).toMatch(/does not resolve/);
  });

  it('a port fetch blocks (`bad port`) fails at once, without retries', async () => {
    const waits: string[] = [];
    const gh = createGitHubClient({
      token: 't',
      baseUrl: 'http://127.0.0.1:1',
      onWait: (m) => waits.push(m),
    });
    const error = toForgeError(await failure(gh.rest.repos.get({ owner: 'o', repo: 'r' })), 'reading o/r');
    expect(error.code).toBe('FORGE_UNREACHABLE');
    expect(error.message).toMatch(/bad port/);
    expect(waits).toEqual([]);
  });

  it('an error nothing mapped is still classified by toFlywheelError, not called a bug', async () => {
    const error = await failure(fetch('http://127.0.0.1:9/'));
    expect(toFlywheelError(error).code).toBe('NETWORK_ERROR');
    const fsError = await failure(import('node:fs/promises').then((fs) => fs.readFile('/nonexistent/x')));
    expect(toFlywheelError(fsError)).toMatchObject({
      code: 'FILE_ERROR',
      message: expect.stringContaining('/nonexistent/x'),
    });
  });
});

describe('deadlineFetch says what it waits for', () => {
  it('announces a slow answer with its deadline, then gives up with a timeout', async () => {
    server = await startLoopbackFault('hang');
    const waits: string[] = [];
    const f = deadlineFetch({
      service: { name: 'the test API', url: server.url },
      timeoutMs: 600,
      slowAfterMs: 100,
      retries: 0,
      onWait: (m) => waits.push(m),
    });
    const error = (await failure(
      f(`${server.url}/x`, { headers: { accept: 'application/json' } }),
    )) as FlywheelError;
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.details?.['cause']).toBe('timeout');
    expect(waits).toEqual([
      expect.stringMatching(/^waiting for the test API at 127\.0\.0\.1:\d+ \(gives up after 600ms\)$/),
    ]);
  });
});
