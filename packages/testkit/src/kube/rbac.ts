import { qualifiedName } from './resources';
import { statusErrors } from './status';
import type { ResourceType } from './types';

/**
 * A simple RBAC rule: like a Role/ClusterRole rule plus where it is bound. `namespaces` absent means
 * cluster-wide (a ClusterRoleBinding); present, the rule applies only in those namespaces (RoleBindings).
 * `'*'` is a wildcard in every list; resources may name subresources (`ephemeralrunners/status`).
 */
export interface RbacRule {
  /** The Role/ClusterRole and binding this rule stands for, named in review reasons (default `flywheel-<user>`). */
  binding?: string;
  verbs: string[];
  apiGroups?: string[];
  resources: string[];
  resourceNames?: string[];
  namespaces?: string[];
}

export interface Identity {
  token: string;
  /** In the system:masters group: allowed everything before RBAC is asked (reviews give no reason). */
  admin?: boolean;
  /** The user name in 403 messages (default `system:serviceaccount:default:<index>`). */
  user?: string;
  rules: RbacRule[];
}

export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const ALL: RbacRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };

export function adminIdentity(token: string): Identity {
  return { token, user: 'kubernetes-admin', admin: true, rules: [ALL] };
}

function any(list: string[] | undefined, value: string): boolean {
  return !list || list.includes('*') || list.includes(value);
}

function resourceMatches(rule: RbacRule, resource: string, subresource: string | undefined): boolean {
  const full = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some(
    (r) =>
      r === '*' ||
      r === full ||
      (subresource !== undefined && (r === `${resource}/*` || r === `*/${subresource}`)),
  );
}

export function ruleAllows(rule: RbacRule, attrs: RequestAttributes): boolean {
  if (!any(rule.verbs, attrs.verb)) return false;
  if (!any(rule.apiGroups ?? [''], attrs.group)) return false;
  if (!resourceMatches(rule, attrs.resource, attrs.subresource)) return false;
  if (rule.namespaces && (attrs.namespace === undefined || !any(rule.namespaces, attrs.namespace)))
    return false;
  // resourceNames never allow list/watch/create without a name, as in Kubernetes.
  if (rule.resourceNames && rule.resourceNames.length > 0) {
    return attrs.name !== undefined && rule.resourceNames.includes(attrs.name);
  }
  return true;
}

export function allows(identity: Identity, attrs: RequestAttributes): boolean {
  return identity.rules.some((rule) => ruleAllows(rule, attrs));
}

/**
 * The `status` of a SelfSubjectAccessReview: system:masters is allowed without a reason (the
 * privileged-group authorizer answers before RBAC); otherwise RBAC names the binding that allows,
 * as `RBAC: allowed by RoleBinding "<binding>/<namespace>" of Role "<role>" to User "<user>"`.
 */
export function accessReview(
  identity: Identity,
  attrs: RequestAttributes,
): { allowed: boolean; reason?: string } {
  if (identity.admin) return { allowed: true };
  const rule = identity.rules.find((r) => ruleAllows(r, attrs));
  if (!rule) return { allowed: false };
  const name = rule.binding ?? `flywheel-${userOf(identity)}`;
  const subject = `to User "${userOf(identity)}"`;
  const namespace = rule.namespaces ? attrs.namespace : undefined;
  return {
    allowed: true,
    reason: namespace
      ? `RBAC: allowed by RoleBinding "${name}/${namespace}" of Role "${name}" ${subject}`
      : `RBAC: allowed by ClusterRoleBinding "${name}" of ClusterRole "${name}" ${subject}`,
  };
}

/** Non-resource URLs every authenticated user may get, with the default cluster role that allows it. */
const NON_RESOURCE_DEFAULTS: { role: string; paths: RegExp }[] = [
  { role: 'system:public-info-viewer', paths: /^\/(healthz|livez|readyz|version)\/?$/ },
  { role: 'system:discovery', paths: /^\/(api|apis|openapi)(\/.*)?$/ },
];

/** A SelfSubjectAccessReview of a non-resource URL. */
export function nonResourceReview(
  identity: Identity,
  verb: string,
  path: string,
): { allowed: boolean; reason?: string } {
  if (identity.admin) return { allowed: true };
  const found = verb === 'get' ? NON_RESOURCE_DEFAULTS.find((d) => d.paths.test(path)) : undefined;
  if (!found) return { allowed: false };
  return {
    allowed: true,
    reason: `RBAC: allowed by ClusterRoleBinding "${found.role}" of ClusterRole "${found.role}" to Group "system:authenticated"`,
  };
}

export function userOf(identity: Identity, index = 0): string {
  return identity.user ?? `system:serviceaccount:default:user-${index}`;
}

export function forbidden(identity: Identity, type: ResourceType, attrs: RequestAttributes) {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope =
    attrs.namespace !== undefined ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const subject = attrs.name !== undefined ? `${qualifiedName(type)} "${attrs.name}"` : qualifiedName(type);
  return statusErrors.forbidden(
    type,
    attrs.name,
    `${subject} is forbidden: User "${userOf(identity)}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${scope}`,
  );
}

/** What SelfSubjectRulesReview answers for a namespace: the rules that apply there. */
export function rulesFor(identity: Identity, namespace: string) {
  const resourceRules = identity.rules
    .filter((r) => !r.namespaces || any(r.namespaces, namespace))
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [''],
      resources: r.resources,
      ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
    }));
  // Every authenticated user may review its own access (system:basic-user).
  resourceRules.push({
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  });
  return {
    resourceRules,
    nonResourceRules: [
      { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version'] },
    ],
    incomplete: false,
  };
}
