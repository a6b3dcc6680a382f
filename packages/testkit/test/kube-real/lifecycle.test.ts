import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiextensionsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { writeIdentities } from '../../src/kube-real/identities';
import { realKubeUnavailable, startRealKube } from '../../src/kube-real/index';
import { spawnTestbed } from '../../src/kube-real/process';
import { ARC_CRDS_PRESENT } from './backends';

function ourTempEntries(): string[] {
  return readdirSync(tmpdir()).filter((e) => e.startsWith('kube-real-'));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the real kube-apiserver test bed', () => {
  it('is built (npm test builds it; a missing binary fails here instead of skipping)', () => {
    expect(realKubeUnavailable()).toBeUndefined();
  });

  it('starts on loopback, serves a kubeconfig per identity and ARC CRDs, then stops leaving nothing', async () => {
    const before = ourTempEntries();
    const progress: string[] = [];
    const real = await startRealKube({ users: ['arc-reader'], onProgress: (l) => progress.push(l) });
    const pid = real.pid;
    try {
      expect(alive(pid)).toBe(true);
      expect(real.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(real.dataDir)).toBe(true);
      expect(progress.at(-1)).toMatch(
        /^real kube-apiserver: ready at https:\/\/127\.0\.0\.1:\d+, \/readyz after \d+ ms(, ARC CRDs Established after \d+ ms)?$/,
      );
      expect(real.users().sort()).toEqual(['arc-reader', 'kubernetes-admin']);
      const admin = new KubeConfig();
      admin.loadFromString(real.kubeconfig());
      // The kubeconfig verifies the server: CA data inline, no insecure-skip-tls-verify.
      expect(admin.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
      expect(admin.getCurrentCluster()?.caData).toBeTruthy();
      const namespaces = await admin.makeApiClient(CoreV1Api).listNamespace();
      expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(
        expect.arrayContaining(['default', 'kube-system', 'kube-public']),
      );
      // A restricted user without bindings is authenticated but may do nothing.
      const denied = await real
        .kubeConfig('arc-reader')
        .makeApiClient(CoreV1Api)
        .listNamespace()
        .then(
          () => 0,
          (e: { code?: number }) => e.code,
        );
      expect(denied).toBe(403);
      if (ARC_CRDS_PRESENT) {
        expect(real.arcCrds).toEqual({
          loaded: [
            'autoscalinglisteners.actions.github.com',
            'autoscalingrunnersets.actions.github.com',
            'ephemeralrunners.actions.github.com',
            'ephemeralrunnersets.actions.github.com',
          ],
        });
        const crds = await admin.makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
        for (const crd of crds.items) {
          expect(crd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
        }
      } else {
        expect(real.arcCrds).toMatchObject({ skipped: expect.stringContaining('arc-crds-0.14.2') });
      }
    } finally {
      await real.stop();
    }
    expect(existsSync(real.dataDir)).toBe(false);
    expect(ourTempEntries()).toEqual(before);
    expect(alive(pid)).toBe(false);
  }, 300_000);

  it('shuts itself down when its parent closes its stdin (a test runner that dies takes it along)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kube-real-'));
    try {
      const ids = writeIdentities(dataDir, []);
      const proc = await spawnTestbed({
        dataDir,
        tokenFile: ids.tokenFile,
        controllerTokenFile: ids.controllerTokenFile,
        listenTimeoutMs: 180_000,
      });
      expect(alive(proc.announcement.pid)).toBe(true);
      proc.child.stdin!.end();
      await proc.exited;
      expect(alive(proc.announcement.pid)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
