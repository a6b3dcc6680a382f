import { existsSync } from 'node:fs';
import type { ArcRelease } from './manager-deployment';

/**
 * The ARC binaries a conformance suite runs, named by environment variables the way an operator
 * would take them from the controller image they deploy: ARC_MANAGER_BIN (`/manager`),
 * ARC_LISTENER_BIN (`/ghalistener`) and ARC_VERSION (the image's version, e.g. 0.14.2). None is
 * built here: ARC is not served by the Go module proxy, and no build of it belongs in this
 * repository. Anything missing comes back as one line saying what the suite needs.
 */
export interface ArcBinaries {
  listener: string;
  manager?: string;
  version: string;
}

export function arcBinaries(need: { manager: boolean }): ArcBinaries | { missing: string } {
  const env = process.env;
  const listener = env['ARC_LISTENER_BIN'];
  const manager = env['ARC_MANAGER_BIN'];
  const version = env['ARC_VERSION'];
  const hint = need.manager
    ? 'set ARC_MANAGER_BIN, ARC_LISTENER_BIN and ARC_VERSION to the manager and ghalistener binaries of the ARC controller image you deploy and its version (e.g. 0.14.2)'
    : 'set ARC_LISTENER_BIN and ARC_VERSION to the ghalistener binary of the ARC controller image you deploy and its version (e.g. 0.14.2)';
  if (!listener || (need.manager && !manager) || !version) return { missing: `not configured: ${hint}` };
  for (const [name, path] of [
    ['ARC_LISTENER_BIN', listener],
    ['ARC_MANAGER_BIN', need.manager ? manager : undefined],
  ] as const)
    if (path && !existsSync(path)) return { missing: `${name}=${path} does not exist` };
  if (!/^\d+\.\d+\.\d+$/.test(version))
    return { missing: `ARC_VERSION=${version} is not a release version like 0.14.2` };
  if (process.getuid?.() !== 0)
    return { missing: 'the ARC conformance suites run as root (each listener gets its own mount namespace)' };
  if (!existsSync('/usr/bin/unshare') && !existsSync('/bin/unshare'))
    return { missing: 'unshare (util-linux) is not installed' };
  return { listener, version, ...(need.manager && manager ? { manager } : {}) };
}

/**
 * The older release an upgrade suite starts from, named the same way: ARC_UPGRADE_FROM_MANAGER_BIN,
 * ARC_UPGRADE_FROM_LISTENER_BIN and ARC_UPGRADE_FROM_VERSION (e.g. 0.13.1, built with that
 * `build.Version`: a manager deletes every scale set whose version label it does not allow).
 */
export function arcUpgradeFrom(): ArcRelease | { missing: string } {
  const env = process.env;
  const manager = env['ARC_UPGRADE_FROM_MANAGER_BIN'];
  const listener = env['ARC_UPGRADE_FROM_LISTENER_BIN'];
  const version = env['ARC_UPGRADE_FROM_VERSION'];
  if (!manager || !listener || !version)
    return {
      missing:
        'not configured: set ARC_UPGRADE_FROM_MANAGER_BIN, ARC_UPGRADE_FROM_LISTENER_BIN and ARC_UPGRADE_FROM_VERSION to the binaries and version of the release you upgrade from (e.g. 0.13.1)',
    };
  for (const [name, path] of [
    ['ARC_UPGRADE_FROM_MANAGER_BIN', manager],
    ['ARC_UPGRADE_FROM_LISTENER_BIN', listener],
  ] as const)
    if (!existsSync(path)) return { missing: `${name}=${path} does not exist` };
  if (!/^\d+\.\d+\.\d+$/.test(version))
    return { missing: `ARC_UPGRADE_FROM_VERSION=${version} is not a release version like 0.13.1` };
  return { manager, listener, version };
}
