import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { expect, it } from 'vitest';
import { KubeApiServer, kubeconfigYaml, type RbacRule } from '../../src/kube/index';
import { type RealKube, realKubeUnavailable, startRealKube } from '../../src/kube-real/index';
import { referencePath } from '../../src/reference';

/**
 * One test body, two backends: the testkit's fake and the real kube-apiserver test bed. Each test
 * file runs its `describe` once per backend; where the fake is known to differ, the test is marked
 * with the difference's id from testbed/DIFFERENCES.md and runs as `it.fails` on the fake, so the
 * marker has to go when the fake is fixed.
 */
export type BackendKind = 'fake' | 'real';
export const BACKENDS: BackendKind[] = ['fake', 'real'];

/** The restricted users every backend knows (the real one declares its tokens at start). */
export const USERS = ['arc-reader', 'arc-operator'] as const;
export type RestrictedUser = (typeof USERS)[number];

export interface Backend {
  kind: BackendKind;
  url: string;
  admin: KubeConfig;
  /** A kubeconfig for `user` after granting it `rules` (fake: an identity; real: RBAC objects). */
  user(user: RestrictedUser, rules: RbacRule[]): Promise<KubeConfig>;
  /** A kubeconfig whose token the server does not know. */
  stranger(): KubeConfig;
  /** Creates a namespace ready for pods (on the real server: once its default service account exists). */
  namespace(name: string): Promise<void>;
  /**
   * Compacts the storage at its current revision: the fake's store, the real server's etcd (whose
   * watch cache keeps serving older versions inside its window; see watch-expiry.test.ts).
   */
  compact(): Promise<void>;
  /** The fake's server, for its test hooks (compaction, watch count); undefined on the real one. */
  fake?: KubeApiServer;
  real?: RealKube;
  stop(): Promise<void>;
}

/** Whether the ARC CRDs (the reference material) are there: both backends need them for ARC kinds. */
export const ARC_CRDS_PRESENT = referencePath('arc-crds-0.14.2') !== undefined;

function configFrom(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

async function fakeBackend(): Promise<Backend> {
  const server = new KubeApiServer();
  const url = await server.start();
  const admin = configFrom(kubeconfigYaml({ server: url, token: server.adminToken }));
  await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'default' } } });
  return {
    kind: 'fake',
    url,
    admin,
    fake: server,
    async user(user, rules) {
      const token = `token-${user}`;
      server.addIdentity({ token, user, rules });
      return configFrom(kubeconfigYaml({ server: url, token }));
    },
    stranger: () => configFrom(kubeconfigYaml({ server: url, token: 'nobody' })),
    async namespace(name) {
      await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
    },
    compact: async () => server.store.compact(),
    stop: () => server.stop(),
  };
}

/** How to start the real server; the fake ignores these. */
export interface RealOptions {
  apiServerArgs?: string[];
  arcCrds?: boolean;
}

async function realBackend(o: RealOptions): Promise<Backend> {
  const real = await startRealKube({ users: [...USERS], ...o });
  const admin = real.kubeConfig();
  return {
    kind: 'real',
    url: real.url,
    admin,
    real,
    async user(user, rules) {
      await real.grant(user, rules);
      return real.kubeConfig(user);
    },
    stranger() {
      const yaml = real.kubeconfig().replace(real.tokenOf(), 'nobody-knows-this-token');
      return configFrom(yaml);
    },
    namespace: (name) => real.createNamespace(name),
    compact: async () => {
      await real.compactEtcd();
    },
    stop: () => real.stop(),
  };
}

/** Starts a backend; the real one fails loudly (never skips) when its binary is not built. */
export function startBackend(kind: BackendKind, real: RealOptions = {}): Promise<Backend> {
  if (kind === 'real') {
    const unavailable = realKubeUnavailable();
    if (unavailable) throw new Error(unavailable);
    return realBackend(real);
  }
  return fakeBackend();
}

/**
 * `it` for one backend: a test marked with a known difference of the fake runs as `it.fails` there.
 * `needsCrds` skips (with the reason) where the ARC CRD reference material is absent.
 */
export function itOn(
  kind: BackendKind,
  name: string,
  fn: () => Promise<void>,
  o: { fakeDiffers?: string; needsCrds?: boolean; timeout?: number } = {},
): void {
  if (o.needsCrds && !ARC_CRDS_PRESENT) {
    it.skip(`${name} (skipped: the ARC CRD reference material is absent)`, fn);
    return;
  }
  // KUBE_REAL_SHOW_DIFFERENCES=1 runs the marked tests plainly, to see what the fake answers instead.
  if (kind === 'fake' && o.fakeDiffers && !process.env['KUBE_REAL_SHOW_DIFFERENCES']) {
    it.fails(`${name} [fake differs: ${o.fakeDiffers}]`, fn, o.timeout);
    return;
  }
  it(name, fn, o.timeout);
}

/** The Status body of a failed client-node call. */
export interface StatusAnswer {
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

export async function failing(p: Promise<unknown>): Promise<StatusAnswer> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiException);
    const e = error as ApiException<string>;
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: e.code, reason: body?.reason, message: body?.message, details: body?.details };
  }
  throw new Error('expected the call to fail');
}

/** Polls until `check` holds, with a deadline generous enough for a loaded 2-core machine. */
export async function eventually(what: string, check: () => Promise<boolean>, deadlineMs = 60_000) {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
