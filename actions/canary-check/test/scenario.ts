import { FakeGitHub } from '@gloriousflywheel/testkit/github';

/** A workflow expression as YAML writes it. */
const EXPR = (inner: string) => `$${'{{'} ${inner} }}`;

/** Minutes before `now`, as GitHub's whole-second timestamps. */
export function ago(now: Date, minutes: number, seconds = 0): string {
  return new Date(now.getTime() - minutes * 60_000 + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * One org with a runner group per situation the checks must recognise:
 * - `nix`: a selected group serving `app` (and `site`, which is public while the group disallows public repos);
 * - `busy`: all runners busy; `off`: all offline; `zero`: no runner (a scale set at zero);
 * - `restricted`: a group restricted to another repository's workflow.
 */
export function enrolledOrg(now: Date): FakeGitHub {
  const fake = new FakeGitHub({ validateResponses: true });
  fake.addOrg({
    login: 'tinyland',
    groups: [
      { id: 21, name: 'nix-group', visibility: 'selected', repositories: ['app', 'site'] },
      { id: 22, name: 'busy-group', visibility: 'all' },
      { id: 23, name: 'off-group', visibility: 'all' },
      {
        id: 24,
        name: 'restricted-group',
        visibility: 'all',
        restrictedToWorkflows: true,
        selectedWorkflows: ['tinyland/infra/.github/workflows/deploy.yml@refs/heads/main'],
      },
    ],
    runners: [
      { name: 'nix-a', labels: ['self-hosted', 'nix'], groupId: 21, busy: true },
      { name: 'nix-b', labels: ['self-hosted', 'nix'], groupId: 21 },
      { name: 'busy-a', labels: ['busy'], groupId: 22, busy: true },
      { name: 'off-a', labels: ['off'], groupId: 23, status: 'offline' },
      { name: 'restricted-a', labels: ['restricted'], groupId: 24 },
    ],
  });
  const job = (
    label: string,
    createdMin: number,
    waitSec: number,
    conclusion: 'success' | 'failure' = 'success',
  ) => ({
    name: `${label}-job`,
    labels: [label],
    createdAt: ago(now, createdMin),
    completedAt: ago(now, createdMin - 5),
    conclusion,
    runnerName: `${label}-a`,
    runnerId: 1,
    runnerGroupName: `${label}-group`,
    steps: [{ name: 'Set up job', startedAt: ago(now, createdMin, waitSec) }],
  });
  fake.addRepo({
    owner: 'tinyland',
    name: 'app',
    files: {
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  build:\n    runs-on: [self-hosted, nix]\n    steps: []\n',
      '.github/workflows/matrix.yaml': `on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        runner: [busy, off]\n    runs-on: ${EXPR('matrix.runner')}\n    steps: []\n`,
      'README.md': '# app\n',
    },
    runs: [
      {
        createdAt: ago(now, 30),
        jobs: [job('nix', 30, 10), job('nix', 30, 20), job('nix', 30, 30, 'failure')],
      },
      { createdAt: ago(now, 50), jobs: [job('busy', 50, 100), job('busy', 50, 200)] },
      {
        createdAt: ago(now, 60),
        status: 'queued',
        conclusion: null,
        jobs: [{ name: 'stuck', labels: ['off'], createdAt: ago(now, 60), status: 'queued' }],
      },
      { createdAt: ago(now, 60 * 24 * 30), jobs: [job('zero', 60 * 24 * 30, 5)] },
    ],
  });
  fake.addRepo({ owner: 'tinyland', name: 'other', files: { '.github/workflows/ci.yml': 'jobs: {}\n' } });
  fake.addRepo({ owner: 'tinyland', name: 'site', private: false });
  fake.addRepo({ owner: 'tinyland', name: 'infra' });
  return fake;
}
