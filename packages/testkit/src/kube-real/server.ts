import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { RbacRule } from '../kube/index';
import { realKubeUnavailable } from './binary';
import { type CrdLoad, loadArcCrds } from './crds';
import { compactEtcd } from './etcd';
import { httpsRequest } from './https';
import { ADMIN_USER, type RealIdentity, writeIdentities } from './identities';
import { realKubeconfigYaml } from './kubeconfig';
import { killGroup, spawnTestbed } from './process';
import { grantRules } from './rbac';
import { waitUntil } from './wait';

export interface RealKubeOptions {
  /** Users besides the admin, each with its own token; RBAC grants them rights (see `grant`). */
  users?: string[];
  /** Load ARC's CRDs from the reference material (default true). */
  arcCrds?: boolean;
  /** How long the server may take to become ready (default 180 s: a busy 2-core machine is slow). */
  readyTimeoutMs?: number;
  /** Where progress lines go while waiting (default: stderr, every 10 s). */
  onProgress?: (line: string) => void;
  /** More kube-apiserver flags, e.g. `--etcd-compaction-interval=0`. */
  apiServerArgs?: string[];
}

export interface RealKube {
  url: string;
  /** The test bed's process id (its process group is stopped as a whole). */
  pid: number;
  /** PEM of the CA the server's certificate is signed by. */
  caPem: string;
  /** The fresh data dir (etcd, certificates, tokens, log); removed by `stop`. */
  dataDir: string;
  /** Whether the ARC CRDs were loaded, or why not. */
  arcCrds: CrdLoad;
  adminUser: string;
  users(): string[];
  tokenOf(user?: string): string;
  /** A kubeconfig (YAML) for a user (default the admin). */
  kubeconfig(user?: string, namespace?: string): string;
  /** A client-node KubeConfig for a user (default the admin). */
  kubeConfig(user?: string): KubeConfig;
  /** Grants a user rules through real Roles/ClusterRoles and bindings; resolves once they apply. */
  grant(user: string, rules: RbacRule[]): Promise<void>;
  /** Creates a namespace and waits for its default service account (pods need it for admission). */
  createNamespace(name: string): Promise<void>;
  /** Compacts etcd at its current revision (see compactEtcd); returns that revision. */
  compactEtcd(): Promise<number>;
  /** The last lines of the server log. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function stderrProgress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Starts a real etcd and kube-apiserver (with the garbage collector, namespace and service-account
 * controllers) on 127.0.0.1 with a fresh data dir, waits for /readyz, loads ARC's CRDs and hands
 * out a kubeconfig per identity. `stop` kills the process group and removes the data dir.
 */
export async function startRealKube(options: RealKubeOptions = {}): Promise<RealKube> {
  const unavailable = realKubeUnavailable();
  if (unavailable) throw new Error(unavailable);
  const progress = options.onProgress ?? stderrProgress;
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-real-'));
  const { identities, tokenFile, controllerTokenFile } = writeIdentities(dataDir, options.users ?? []);
  const started = Date.now();
  let proc: Awaited<ReturnType<typeof spawnTestbed>>;
  try {
    proc = await spawnTestbed({
      dataDir,
      tokenFile,
      controllerTokenFile,
      listenTimeoutMs: readyTimeoutMs,
      ...(options.apiServerArgs ? { apiServerArgs: options.apiServerArgs } : {}),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { announcement } = proc;
  const caPem = readFileSync(announcement.caFile, 'utf8');
  const admin = identities.get(ADMIN_USER)!;
  const identityOf = (user = ADMIN_USER): RealIdentity => {
    const found = identities.get(user);
    if (!found) throw new Error(`user ${user} was not declared when the real API server started`);
    return found;
  };
  const kubeconfig = (user?: string, namespace?: string) => {
    const id = identityOf(user);
    return realKubeconfigYaml({
      server: announcement.server,
      caPem,
      user: id.user,
      token: id.token,
      ...(namespace ? { namespace } : {}),
    });
  };
  const kubeConfig = (user?: string) => {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig(user));
    return kc;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(proc.child, proc.exited);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    let lastReadyz = '';
    await waitUntil(
      `${announcement.server}/readyz`,
      readyTimeoutMs,
      async () => {
        if (proc.child.exitCode !== null) {
          throw new Error(`the test bed exited (${proc.child.exitCode}); its log:\n${proc.logTail()}`);
        }
        const answer = await httpsRequest(`${announcement.server}/readyz?verbose`, {
          ca: caPem,
          token: admin.token,
        });
        lastReadyz = answer.body;
        return answer.status === 200;
      },
      {
        everyMs: 200,
        progress: (ms) => {
          const failing = lastReadyz
            .split('\n')
            .filter((l) => l.startsWith('[-]'))
            .map((l) => l.slice(3).split(' ')[0]);
          progress(
            `real kube-apiserver: waiting for /readyz (${Math.round(ms / 1000)} s)${failing.length > 0 ? `, not ready: ${failing.join(', ')}` : ''}`,
          );
        },
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nits log:\n${proc.logTail()}`);
    });
    const readyMs = Date.now() - started;
    const adminKc = kubeConfig();
    const arcCrds: CrdLoad =
      options.arcCrds === false ? { skipped: 'not asked for' } : await loadArcCrds(adminKc);
    const crdNote = 'loaded' in arcCrds ? `, ARC CRDs Established after ${Date.now() - started} ms` : '';
    progress(`real kube-apiserver: ready at ${announcement.server}, /readyz after ${readyMs} ms${crdNote}`);
    let grants = 0;
    return {
      url: announcement.server,
      pid: announcement.pid,
      caPem,
      dataDir,
      arcCrds,
      adminUser: ADMIN_USER,
      users: () => [...identities.keys()],
      tokenOf: (user) => identityOf(user).token,
      kubeconfig,
      kubeConfig,
      grant: (user, rules) => {
        identityOf(user);
        return grantRules(adminKc, user, rules, String(++grants));
      },
      createNamespace: async (name) => {
        const core = adminKc.makeApiClient(CoreV1Api);
        await core.createNamespace({ body: { metadata: { name } } });
        await waitUntil(`the default service account of namespace ${name}`, 60_000, async () => {
          const list = await core.listNamespacedServiceAccount({ namespace: name });
          return list.items.some((sa) => sa.metadata?.name === 'default');
        });
      },
      compactEtcd: () => compactEtcd(announcement.etcd),
      logTail: proc.logTail,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
