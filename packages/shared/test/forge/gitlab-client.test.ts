import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitLabClient, toForgeError } from '../../src/forge';

describe('createGitLabClient against the fake GitLab API', () => {
  const fake = new FakeGitLab();
  let id = 0;

  beforeAll(async () => {
    fake.tokens.add('job-123');
    id = fake.addProject({ path: 'g/p' });
    await fake.start();
  });
  afterAll(() => fake.stop());

  it('authenticates with a job token', async () => {
    const gl = createGitLabClient({ host: `${fake.url}/`, jobToken: 'job-123' });
    expect((await gl.Projects.show(id)).path_with_namespace).toBe('g/p');
    expect(fake.requests('GET', `/api/v4/projects/${id}`).at(-1)?.headers['job-token']).toBe('job-123');
  });

  it('retries 429 and 502 answers', async () => {
    fake.inject({ path: `/api/v4/projects/${id}`, status: 429, times: 1, body: { message: 'slow down' } });
    fake.inject({ path: `/api/v4/projects/${id}`, status: 502, times: 1, body: { message: 'bad gateway' } });
    const gl = createGitLabClient({ host: fake.url, jobToken: 'job-123' });
    const before = fake.requests('GET', `/api/v4/projects/${id}`).length;
    expect((await gl.Projects.show(id)).id).toBe(id);
    expect(
      fake
        .requests('GET', `/api/v4/projects/${id}`)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([429, 502, 200]);
  });

  it('maps a 401 to FORGE_AUTH (the token was rejected), never FORGE_FORBIDDEN (a permission)', async () => {
    const gl = createGitLabClient({ host: fake.url, token: 'bad' });
    const error = await gl.Projects.show(id).catch((e: unknown) => e);
    expect(toForgeError(error, 'reading g/p').code).toBe('FORGE_AUTH');
  });
});
