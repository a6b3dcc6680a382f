import { describe, expect, it } from 'vitest';
import type { SimContext } from '../../src/arc/context';
import { isBusy, isDone } from '../../src/arc/controllers/runner-state';
import type { KubeObject } from '../../src/kube/index';

const runner = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'actions.github.com/v1alpha1',
  kind: 'EphemeralRunner',
  metadata: { name: 'r' },
  status,
});
const at = (minor: '0.12' | '0.13' | '0.14') =>
  ({ version: { minor, patch: 0, full: `${minor}.0` } }) as SimContext;

describe("the controller's busy test per version", () => {
  it('0.12 looks at jobRequestId, 0.13+ at jobId, and a done runner is never busy', () => {
    const onlyRequestId = runner({ phase: 'Running', jobRequestId: 7 });
    const onlyJobId = runner({ phase: 'Running', jobId: 'job-7' });
    expect(isBusy(at('0.12'), onlyRequestId)).toBe(true);
    expect(isBusy(at('0.12'), onlyJobId)).toBe(false);
    expect(isBusy(at('0.13'), onlyRequestId)).toBe(false);
    expect(isBusy(at('0.14'), onlyJobId)).toBe(true);
    const finished = runner({ phase: 'Succeeded', jobId: 'job-7', jobRequestId: 7 });
    expect(isDone(finished)).toBe(true);
    expect(isBusy(at('0.14'), finished)).toBe(false);
    expect(isDone(runner({ phase: 'Outdated' }))).toBe(true);
  });
});
