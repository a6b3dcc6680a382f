/**
 * The component project's own pipeline (gitlab-templates/.gitlab-ci.yml) as GitLab would build it:
 * each component included from the commit under test, and the release job only on a semantic tag.
 */
import { describe, expect, it } from 'vitest';
import { createProject, gitlabCiLocalNode } from './helpers/pipeline';

const reason = gitlabCiLocalNode() ? undefined : 'gitlab-ci-local cannot run here (npm ci, rsync): skipped';

/** Job names from `gitlab-ci-local --list`. */
async function jobs(...args: string[]): Promise<string[]> {
  const { exitCode, log } = await createProject().run(['--list', ...args]);
  expect(exitCode, log).toBe(0);
  const lines = log.split('\n');
  const header = lines.findIndex((l) => l.startsWith('name '));
  return lines
    .slice(header + 1)
    .map((l) => l.split(/\s+/)[0]!)
    .filter(Boolean);
}

describe.skipIf(reason !== undefined)(
  `the component project pipeline (${reason ?? 'gitlab-ci-local'})`,
  () => {
    it('includes every component from this commit; arc-apply is validated but not run', async () => {
      expect(await jobs()).toEqual([
        'test-canary-check',
        'test-benchmark',
        'test-attic-setup',
        'test-outputs',
      ]);
    });

    it('creates the release on a semantic-version tag only', async () => {
      expect(await jobs('--variable', 'CI_COMMIT_TAG=1.2.3')).toContain('create-release');
      expect(await jobs('--variable', 'CI_COMMIT_TAG=v1.2.3')).not.toContain('create-release');
    });
  },
);
