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

function details(type: ResourceType, name?: string): KubeStatus['details'] {
  return { ...(name !== undefined ? { name } : {}), group: type.group, kind: type.plural };
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
  invalid: (
    type: ResourceType,
    name: string,
    causes: { field: string; message: string; reason?: string }[],
  ) =>
    failure(
      422,
      'Invalid',
      `${type.group ? `${type.kind}.${type.group}` : type.kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
      {
        ...details(type, name),
        kind: type.kind,
        causes: causes.map((c) => ({
          reason: c.reason ?? 'FieldValueInvalid',
          message: c.message,
          field: c.field,
        })),
      },
    ),
  forbidden: (type: ResourceType, name: string | undefined, message: string) =>
    failure(403, 'Forbidden', message, details(type, name)),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: (message: string) => failure(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (contentType: string) =>
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
    ),
  /** What the API server answers when a JSON patch cannot be applied (failed `test`, missing path). */
  unprocessable: (message: string) =>
    failure(422, 'Invalid', `the server rejected our request due to an error in our request (${message})`, {
      causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
    }),
  gone: (message: string) => failure(410, 'Expired', message),
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource'),
};
