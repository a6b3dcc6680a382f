import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubSource, poolServes } from '../../src/forge';

describe('GitHubSource.fleetRepositories', () => {
  const fake = new FakeGitHub({ validateResponses: true });
  beforeAll(async () => {
    fake.addOrg({
      login: 'acme',
      groups: [
        { id: 5, name: 'everyone', visibility: 'all', allowsPublicRepositories: true },
        { id: 6, name: 'private-only', visibility: 'private' },
      ],
    });
    fake.addRepo({ owner: 'acme', name: 'api' });
    fake.addRepo({ owner: 'acme', name: 'site', private: false });
    fake.addRepo({ owner: 'acme', name: 'attic', archived: true });
    await fake.start();
  });
  afterAll(() => fake.stop());
  const source = () => new GitHubSource(createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 0 }));

  it('reads the org repository list once when a group serves all or private repositories', async () => {
    const before = fake.log.length;
    const src = source();
    const privateOnly = await src.fleetRepositories('acme', ['private-only']);
    expect(privateOnly.repositories.map((r) => r.fullName)).toEqual(['acme/api']);
    const all = await src.fleetRepositories('acme', []);
    expect(all.repositories.map((r) => r.fullName)).toEqual(['acme/api', 'acme/site']);
    // The fake, like GitHub, gives every org a Default group (all repositories, no public ones).
    expect(all.pools).toEqual([
      { name: 'default', serves: 1 },
      { name: 'everyone', serves: 2 },
      { name: 'private-only', serves: 1 },
    ]);
    const paths = fake.log.slice(before).map((r) => r.path);
    expect(paths.filter((p) => p === '/orgs/acme/repos')).toHaveLength(1);
    expect(paths.filter((p) => p === '/orgs/acme/actions/runner-groups')).toHaveLength(1);
    expect(fake.validationErrors).toEqual([]);
  });

  it('judges a group by its rules', () => {
    const repo = (visibility: 'public' | 'private') => ({ name: 'Api', visibility });
    const selected = {
      access: { to: 'selected' as const, repositories: async () => new Set<string>() },
      allowsPublicRepositories: false,
    };
    expect(poolServes(selected, repo('private'), new Set(['api']))).toBe(true);
    expect(poolServes(selected, repo('private'), new Set(['web']))).toBe(false);
    expect(poolServes(selected, repo('public'), new Set(['api']))).toBe(false);
    expect(
      poolServes({ access: { to: 'private' }, allowsPublicRepositories: true }, repo('public'), undefined),
    ).toBe(false);
    expect(
      poolServes(
        { access: { to: 'unknown', visibility: 'x' }, allowsPublicRepositories: true },
        repo('private'),
        undefined,
      ),
    ).toBe(false);
  });
});
