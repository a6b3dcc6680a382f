import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../src/github';

const fake = new FakeGitHub({ validateResponses: true });

async function get(path: string, token = 'admin'): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${fake.url}${path}`, { headers: { authorization: `token ${token}` } });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const job = { id: 71, name: 'build', labels: ['x'], createdAt: '2026-01-01T10:00:00Z' };
  const run = { id: 70, createdAt: '2026-01-01T10:00:00Z', jobs: [job] };
  fake.addOrg({ login: 'o' });
  fake.addRepo({ owner: 'o', name: 'open', files: { 'README.md': 'hi' }, runs: [run] });
  fake.addRepo({ owner: 'o', name: 'hidden', files: { 'README.md': 'no' }, runs: [run] });
  fake.addToken('admin', { orgAdmin: ['o'] });
  fake.addToken('reader', { repositories: ['o/open'], orgAdmin: ['o'] });
  await fake.start();
});

afterAll(() => fake.stop());

describe('the GitHub fake routes each resource', () => {
  it('keeps the catch-all for unknown repository paths behind every repository route', async () => {
    for (const path of [
      '/repos/o/open',
      '/repos/o/open/contents/README.md',
      '/repos/o/open/actions/runs/70/jobs',
    ])
      expect((await get(path)).status).toBe(200);
    expect(await get('/repos/o/open/actions/unknown')).toEqual({
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    });
    // Outside any resource GitHub's 404 has no status field.
    expect(await get('/orgs/o/unknown')).toEqual({
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
    });
    expect(fake.validationErrors).toEqual([]);
  });

  it('answers 404 on every repository route for a repository the token may not read', async () => {
    const paths = [
      '',
      '/actions/runners',
      '/actions/runs',
      '/actions/runs/70',
      '/actions/jobs/71',
      '/contents',
    ];
    for (const path of paths) {
      expect((await get(`/repos/o/open${path}`, 'reader')).status, path).not.toBe(404);
      expect((await get(`/repos/o/hidden${path}`, 'reader')).status, path).toBe(404);
    }
  });
});
