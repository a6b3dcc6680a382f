import {
  AuthorizationV1Api,
  type KubeConfig,
  RbacAuthorizationV1Api,
  type V1PolicyRule,
} from '@kubernetes/client-node';
import type { RbacRule } from '../kube/index';
import { waitUntil } from './wait';

function policyRule(rule: RbacRule): V1PolicyRule {
  return {
    verbs: rule.verbs,
    apiGroups: rule.apiGroups ?? [''],
    resources: rule.resources,
    ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
  };
}

function safeName(user: string): string {
  return user
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Grants a user the rules the fake expresses as `RbacRule`s, the way a cluster does it: rules
 * without `namespaces` become a ClusterRole and ClusterRoleBinding, the others a Role and
 * RoleBinding in each named namespace (which must exist). Returns once the authorizer, which reads
 * RBAC objects through informers, allows the first rule for that user.
 */
export async function grantRules(
  admin: KubeConfig,
  user: string,
  rules: RbacRule[],
  id: string,
): Promise<void> {
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const name = `testbed-${safeName(user)}-${id}`;
  const subjects = [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }];
  const clusterRules = rules.filter((r) => !r.namespaces);
  if (clusterRules.length > 0) {
    await rbac.createClusterRole({ body: { metadata: { name }, rules: clusterRules.map(policyRule) } });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects,
      },
    });
  }
  const byNamespace = new Map<string, RbacRule[]>();
  for (const rule of rules) {
    for (const ns of rule.namespaces ?? []) byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), rule]);
  }
  for (const [namespace, nsRules] of byNamespace) {
    await rbac.createNamespacedRole({
      namespace,
      body: { metadata: { name }, rules: nsRules.map(policyRule) },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects,
      },
    });
  }
  const first = rules[0];
  if (!first) return;
  const authz = admin.makeApiClient(AuthorizationV1Api);
  await waitUntil(`RBAC rules for ${user} in effect`, 60_000, async () => {
    const review = await authz.createSubjectAccessReview({
      body: {
        spec: {
          user,
          groups: ['system:authenticated'],
          resourceAttributes: {
            verb: first.verbs[0] === '*' ? 'get' : first.verbs[0],
            group: first.apiGroups?.[0] === '*' ? '' : (first.apiGroups?.[0] ?? ''),
            resource: first.resources[0] === '*' ? 'pods' : first.resources[0]!.split('/')[0],
            subresource: first.resources[0]!.split('/')[1],
            namespace: first.namespaces?.[0] === '*' ? 'default' : first.namespaces?.[0],
            name: first.resourceNames?.[0],
          },
        },
      },
    });
    return review.status?.allowed === true;
  });
}
