import type { SimulatedClusterOptions } from '@gloriousflywheel/testkit/arc';
import { type RealKube, startRealKube } from '@gloriousflywheel/testkit/kube-real';
import { afterAll, beforeAll } from 'vitest';

/**
 * The Kubernetes backend under a test file's simulated clusters: the testkit's fake, or one real
 * kube-apiserver for the whole file with every cluster in fresh namespaces (a real server takes
 * seconds to start; a namespace, milliseconds). The same test bodies run on both.
 */
export type BackendKind = 'fake' | 'real';

/** Users the real server knows from its start (a real server reads its tokens once). */
const REAL_USERS = ['limited', 'reader'];

export interface ClusterBackendChoice {
  kind: BackendKind;
  /** Options that put a simulated cluster on this backend, in namespaces no other cluster used. */
  clusterOptions(): Pick<SimulatedClusterOptions, 'kube' | 'runnersNamespace' | 'controllerNamespace'>;
}

const FAKE: ClusterBackendChoice = {
  kind: 'fake',
  clusterOptions: () => ({ runnersNamespace: 'arc-runners', controllerNamespace: 'arc-systems' }),
};

let current: ClusterBackendChoice = FAKE;

/** The backend of this test file (the fake unless `useBackend` chose another). */
export function backend(): ClusterBackendChoice {
  return current;
}

/**
 * Chooses this test file's backend. For `real`, registers hooks that start the test bed before the
 * file's tests and stop it after them; a missing test bed fails the file loudly (`npm test` builds it).
 */
export function useBackend(kind: BackendKind): ClusterBackendChoice {
  if (kind === 'fake') {
    current = FAKE;
    return current;
  }
  let real: RealKube | undefined;
  let clusters = 0;
  beforeAll(async () => {
    real = await startRealKube({ users: REAL_USERS });
  }, 300_000);
  afterAll(() => real?.stop(), 120_000);
  current = {
    kind,
    clusterOptions: () => {
      if (!real)
        throw new Error('the real API server is not started: call useBackend at the top of the file');
      clusters++;
      return {
        kube: real,
        runnersNamespace: `arc-runners-${clusters}`,
        controllerNamespace: `arc-systems-${clusters}`,
      };
    },
  };
  return current;
}
