import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A user of the real API server, authenticated by a static bearer token. */
export interface RealIdentity {
  user: string;
  token: string;
  groups: string[];
}

/** The identity every test gets: cluster-admin through the system:masters group, as kubeadm's admin. */
export const ADMIN_USER = 'kubernetes-admin';
/** The in-process controllers (garbage collector, namespace, service accounts) act as this user. */
export const CONTROLLER_USER = 'system:kube-controller-manager';

function identity(user: string, groups: string[]): RealIdentity {
  return { user, token: randomBytes(24).toString('base64url'), groups };
}

/**
 * Makes a fresh random token per user and writes kube-apiserver's static token file
 * (`token,user,uid,"group1,group2"`, mode 0600) plus the controllers' token file into `dir`.
 * Users other than the admin have no group but system:authenticated: RBAC bindings grant them rights.
 */
export function writeIdentities(
  dir: string,
  users: readonly string[],
): { identities: Map<string, RealIdentity>; tokenFile: string; controllerTokenFile: string } {
  const identities = new Map<string, RealIdentity>();
  identities.set(ADMIN_USER, identity(ADMIN_USER, ['system:masters']));
  for (const user of users) {
    if (user.includes(',') || user.includes('"'))
      throw new Error(`user name ${user} cannot go in a token file`);
    if (!identities.has(user)) identities.set(user, identity(user, []));
  }
  const controller = identity(CONTROLLER_USER, ['system:masters']);
  const lines = [...identities.values(), controller].map(
    (i) => `${i.token},${i.user},${i.user}${i.groups.length > 0 ? `,"${i.groups.join(',')}"` : ''}`,
  );
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  const controllerTokenFile = join(dir, 'controller.token');
  writeFileSync(controllerTokenFile, controller.token, { mode: 0o600 });
  return { identities, tokenFile, controllerTokenFile };
}
