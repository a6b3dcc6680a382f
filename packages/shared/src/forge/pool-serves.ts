import type { ForgeRepository, PoolRules } from './source';

/**
 * Whether GitHub lets a repository's jobs use a runner group, by the group's rules: public
 * repositories only with `allows_public_repositories`; visibility `all`, `private` (non-public
 * repositories) or `selected` (the named repositories, lower-cased). A workflow restriction still lets
 * the repository in (some of its workflows may use the group). An unknown visibility serves nobody.
 */
export function poolServes(
  rules: PoolRules,
  repo: Pick<ForgeRepository, 'name' | 'visibility'>,
  selected: ReadonlySet<string> | undefined,
): boolean {
  const isPublic = repo.visibility === 'public';
  if (isPublic && !rules.allowsPublicRepositories) return false;
  switch (rules.access.to) {
    case 'all':
      return true;
    case 'private':
      return !isPublic;
    case 'selected':
      return selected?.has(repo.name.toLowerCase()) ?? false;
    default:
      return false;
  }
}
