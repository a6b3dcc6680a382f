import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, type RateLimitEvent, toForgeError } from '../../src/forge';

describe('createGitHubClient against the fake GitHub API', () => {
  const fake = new FakeGitHub({ validateResponses: true });

  beforeAll(async () => {
    fake.addOrg({ login: 'org' });
    fake.addRepo({ owner: 'org', name: 'repo' });
    await fake.start();
  });
  beforeEach(() => fake.faults.clear());
  afterAll(() => fake.stop());

  it('uses the base URL and token it is given', async () => {
    const gh = createGitHubClient({ token: 'secret-token', baseUrl: `${fake.apiUrl}/` });
    const { data } = await gh.rest.repos.get({ owner: 'org', repo: 'repo' });
    expect(data.full_name).toBe('org/repo');
    const seen = fake.requests('GET', '/repos/org/repo').at(-1)!;
    expect(seen.headers.authorization).toBe('token secret-token');
  });

  it('retries 5xx answers and then succeeds', async () => {
    fake.inject({ path: '/repos/org/repo', status: 502, times: 2, body: { message: 'bad gateway' } });
    const gh = createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 3, retryAfterBaseMs: 5 });
    const before = fake.requests('GET', '/repos/org/repo').length;
    const { data } = await gh.rest.repos.get({ owner: 'org', repo: 'repo' });
    expect(data.name).toBe('repo');
    const seen = fake.requests('GET', '/repos/org/repo').slice(before);
    expect(seen.map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('gives up after the configured retries', async () => {
    fake.inject({ path: '/repos/org/repo', status: 500, times: 10, body: { message: 'boom' } });
    const gh = createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 1, retryAfterBaseMs: 1 });
    const before = fake.requests('GET', '/repos/org/repo').length;
    await expect(gh.rest.repos.get({ owner: 'org', repo: 'repo' })).rejects.toMatchObject({ status: 500 });
    expect(fake.requests('GET', '/repos/org/repo').length - before).toBe(2);
  });

  it('waits for retry-after on a secondary rate limit, then retries', async () => {
    fake.secondaryRateLimit({ path: '/repos/org/repo', times: 1, status: 403, retryAfterSeconds: 3 });
    const events: RateLimitEvent[] = [];
    const base = 20;
    const gh = createGitHubClient({
      token: 't',
      baseUrl: fake.apiUrl,
      retryAfterBaseMs: base,
      onRateLimit: (e) => events.push(e),
    });
    const before = fake.requests('GET', '/repos/org/repo').length;
    const { data } = await gh.rest.repos.get({ owner: 'org', repo: 'repo' });
    expect(data.name).toBe('repo');
    expect(events).toEqual([expect.objectContaining({ kind: 'secondary', retryAfter: 3, retryCount: 0 })]);
    const [limited, retried] = fake.requests('GET', '/repos/org/repo').slice(before);
    expect(limited?.status).toBe(403);
    expect(retried?.status).toBe(200);
    // The retry is sent no earlier than retry-after (in units of the base) after the refusal.
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(3 * base - 2);
  });

  it('honours a 429 secondary limit too, and stops when retries run out', async () => {
    fake.secondaryRateLimit({ path: '/repos/org/repo', times: 5, status: 429, retryAfterSeconds: 1 });
    const events: RateLimitEvent[] = [];
    const gh = createGitHubClient({
      token: 't',
      baseUrl: fake.apiUrl,
      retries: 2,
      retryAfterBaseMs: 1,
      onRateLimit: (e) => events.push(e),
    });
    await expect(gh.rest.repos.get({ owner: 'org', repo: 'repo' })).rejects.toMatchObject({ status: 429 });
    expect(events.map((e) => e.retryCount)).toEqual([0, 1, 2]);
  });

  it('maps API errors to FlywheelErrors with a hint', async () => {
    const gh = createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 0 });
    const error = await gh.rest.repos.get({ owner: 'org', repo: 'nope' }).catch((e: unknown) => e);
    const mapped = toForgeError(error, 'reading org/nope');
    expect(mapped.code).toBe('NOT_FOUND');
    expect(mapped.message).toBe(
      `reading org/nope: the GitHub API at ${new URL(fake.apiUrl).host}: not found (HTTP 404)`,
    );
    expect(mapped.hint).toMatch(/private resources answer 404/);
    const forbidden = toForgeError(Object.assign(new Error('no'), { status: 403 }), 'x', 'grant it');
    expect([forbidden.code, forbidden.hint]).toEqual(['FORGE_FORBIDDEN', 'grant it']);
  });
});
