import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControllerDeploymentManifest } from '../arc/controller-manifest.mjs';
import { type SupervisedProcess, supervise } from './supervised-process';

/**
 * ARC's real controller manager run as a process, the way the chart's Deployment runs it: the
 * `manager` container's args, and its env with the downward-API field (the pod's namespace)
 * resolved. Outside a pod it reads its Kubernetes identity from KUBECONFIG (controller-runtime's
 * config loader), so it needs no mount namespace.
 */
export function startManagerBinary(
  bin: string,
  deployment: ControllerDeploymentManifest,
  namespace: string,
  kubeconfigYaml: string,
): SupervisedProcess {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-arc-manager-'));
  writeFileSync(join(dir, 'kubeconfig'), kubeconfigYaml, { mode: 0o600 });
  const container = deployment.spec.template.spec.containers[0]!;
  const env: Record<string, string> = {};
  for (const e of container.env)
    env[e.name] =
      'value' in e ? e.value : e.valueFrom.fieldRef.fieldPath === 'metadata.namespace' ? namespace : '';
  const child = spawn(bin, container.args, {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', KUBECONFIG: join(dir, 'kubeconfig'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return supervise(child, () => rmSync(dir, { recursive: true, force: true }));
}
