import { FlywheelError } from '@gloriousflywheel/shared';

/** The HTTP status of a failed API call, when the server answered. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof FlywheelError) {
    const status = (error.details as { status?: unknown } | undefined)?.status;
    return typeof status === 'number' ? status : undefined;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Conflicts and server errors are worth a retry on a fresh read; anything else is not. */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return error instanceof FlywheelError && error.code === 'KUBE_UNREACHABLE';
  return status === 409 || status === 429 || status >= 500;
}

/** Maps a client-node failure onto a FlywheelError with a stable code. */
export function toKubeError(error: unknown, what: string): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const status = statusOf(error);
  const body = (error as { body?: unknown }).body;
  const reason =
    typeof body === 'string'
      ? body.slice(0, 300)
      : ((body as { message?: string } | undefined)?.message ?? (error as Error).message);
  if (status === undefined) {
    return new FlywheelError('KUBE_UNREACHABLE', `${what}: the API server did not answer (${reason})`, {
      hint: 'Check the kubeconfig server address and that the cluster is reachable from this runner.',
      cause: error,
    });
  }
  if (status === 401 || status === 403) {
    return new FlywheelError('KUBE_FORBIDDEN', `${what}: forbidden (${status}): ${reason}`, {
      hint: 'Grant the service account the verbs listed by the preflight check.',
      details: { status },
    });
  }
  if (status === 409) {
    return new FlywheelError('KUBE_CONFLICT', `${what}: conflict: ${reason}`, { details: { status } });
  }
  return new FlywheelError('HTTP_ERROR', `${what}: HTTP ${status}: ${reason}`, { details: { status } });
}
