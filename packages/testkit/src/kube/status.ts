import { qualifiedName } from './resources';
import type { KubeStatus, ResourceType } from './types';

/** Builds Kubernetes `Status` error bodies with the reasons and messages the real API server uses. */
export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

export function failure(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** Status details as the API server serialises them: empty fields (the core group) are left out. */
function details(type: ResourceType, name?: string, kind = type.plural): KubeStatus['details'] {
  return {
    ...(name ? { name } : {}),
    ...(type.group ? { group: type.group } : {}),
    kind,
  };
}

export interface Cause {
  field: string;
  message: string;
  reason?: string;
}

/**
 * The text of a field.ErrorList as the API server words it: one error plain, several in brackets;
 * an error listed twice is said once (its causes keep both, as on a real server).
 */
function summary(causes: Cause[]): string {
  const texts = [...new Set(causes.map((c) => `${c.field}: ${c.message}`))];
  return texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
}

function invalidStatus(
  label: string,
  name: string,
  detail: KubeStatus['details'],
  causes: Cause[],
): StatusError {
  return failure(422, 'Invalid', `${label} "${name}" is invalid: ${summary(causes)}`, {
    ...detail,
    causes: causes.map((c) => ({
      reason: c.reason ?? 'FieldValueInvalid',
      message: c.message,
      field: c.field,
    })),
  });
}

export const statusErrors = {
  notFound: (type: ResourceType, name: string) =>
    failure(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, details(type, name)),
  alreadyExists: (type: ResourceType, name: string) =>
    failure(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, details(type, name)),
  conflict: (type: ResourceType, name: string) =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      details(type, name),
    ),
  /** Validation of an object: `Kind.group "name" is invalid: …`, details naming the kind. */
  invalid: (type: ResourceType, name: string, causes: Cause[]) =>
    invalidStatus(
      type.group ? `${type.kind}.${type.group}` : type.kind,
      name,
      details(type, name, type.kind),
      causes,
    ),
  /**
   * The generic registry's own checks (a PUT without resourceVersion) name the resource, not the
   * kind: `ephemeralrunnersets.actions.github.com "name" is invalid: …`.
   */
  invalidResource: (type: ResourceType, name: string, causes: Cause[]) =>
    invalidStatus(qualifiedName(type), name, details(type, name), causes),
  /** Query parameters of a list or watch the API server refuses (`ListOptions.meta.k8s.io "" is invalid`). */
  invalidListOptions: (causes: Cause[]) =>
    failure(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${summary(causes)}`, {
      group: 'meta.k8s.io',
      kind: 'ListOptions',
      causes: causes.map((c) => ({
        reason: c.reason ?? 'FieldValueInvalid',
        message: c.message,
        field: c.field,
      })),
    }),
  forbidden: (type: ResourceType, name: string | undefined, message: string) =>
    failure(403, 'Forbidden', message, details(type, name)),
  /** Admission's refusals: `pods "x" is forbidden: <why>`. */
  admissionForbidden: (type: ResourceType, name: string, why: string, causes?: Cause[]) =>
    failure(403, 'Forbidden', `${qualifiedName(type)} "${name}" is forbidden: ${why}`, {
      ...details(type, name),
      ...(causes
        ? {
            causes: causes.map((c) => ({
              reason: c.reason ?? 'FieldValueInvalid',
              message: c.message,
              field: c.field,
            })),
          }
        : {}),
    }),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: (message: string) => failure(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (contentType: string) =>
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
    ),
  /**
   * What the API server answers whenever a JSON patch cannot be applied (a failed `test`, a missing
   * path, an unknown op): the same sentence, with empty details and no word of the cause.
   */
  patchNotApplicable: () =>
    failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),
  gone: (message: string) => failure(410, 'Expired', message),
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource'),
};
