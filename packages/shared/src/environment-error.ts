import type { ErrorCode } from './errors';
import { causeHint, describeCause, networkCauseOf } from './http/network-error';

/** What a FlywheelError for an environment fault is made of (errors.ts builds it). */
export interface EnvironmentFault {
  code: ErrorCode;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

const FILE_REASONS: Record<string, { text: string; hint: string }> = {
  ENOENT: {
    text: 'it does not exist',
    hint: 'check the path (relative paths start at the working directory)',
  },
  EACCES: { text: 'permission denied', hint: 'check the file’s owner and mode' },
  EPERM: { text: 'the operation is not permitted', hint: 'check the file’s owner and mode' },
  EISDIR: { text: 'it is a folder, not a file', hint: 'give the path of a file' },
  ENOTDIR: { text: 'a part of the path is a file, not a folder', hint: 'give the path of a folder' },
  EEXIST: { text: 'something else already exists there', hint: 'remove it or choose another path' },
  ENOSPC: { text: 'the disk is full', hint: 'free space on the runner' },
  EROFS: { text: 'the file system is read-only', hint: 'choose a writable path' },
  ELOOP: { text: 'the path has a symbolic link loop', hint: 'fix the symbolic links' },
  ENAMETOOLONG: { text: 'the path is too long', hint: 'choose a shorter path' },
  EMFILE: { text: 'too many files are open', hint: 'raise the runner’s open-file limit' },
};

const VERB: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  scandir: 'list the folder',
  stat: 'read',
  lstat: 'read',
  access: 'access',
  rename: 'move',
  unlink: 'remove',
  rmdir: 'remove',
  copyfile: 'copy',
};

/**
 * Recognises what the environment caused, wherever it was thrown: an outbound call that got no
 * answer (even through a client that wrapped it) or a file the system refused. A call site that
 * knows more maps its own failures first; this keeps such faults from ever being called a bug.
 */
export function classifyEnvironmentError(error: unknown): EnvironmentFault | undefined {
  const cause = networkCauseOf(error);
  if (cause) {
    const where = endpointOf(error);
    return {
      code: 'NETWORK_ERROR',
      message: `no answer from ${where ?? 'a server'}: ${describeCause(cause)}`,
      ...(causeHint(cause) ? { hint: causeHint(cause) } : {}),
      details: { cause, ...(where ? { host: where } : {}) },
    };
  }
  return fileFault(error);
}

function fileFault(error: unknown): EnvironmentFault | undefined {
  const e = error as { code?: unknown; syscall?: unknown; path?: unknown } | undefined;
  if (!e || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  if (e.syscall.startsWith('spawn')) {
    const program = typeof e.path === 'string' ? e.path : e.syscall.slice('spawn '.length);
    if (e.code !== 'ENOENT' && e.code !== 'EACCES') return undefined;
    return {
      code: 'PROCESS_FAILED',
      message:
        e.code === 'ENOENT'
          ? `the program \`${program}\` was not found`
          : `the program \`${program}\` is not executable`,
      hint: 'install it on the runner or give its full path',
      details: { program, errno: e.code },
    };
  }
  const reason = FILE_REASONS[e.code];
  if (!reason || typeof e.path !== 'string') return undefined;
  return {
    code: 'FILE_ERROR',
    message: `cannot ${VERB[e.syscall] ?? e.syscall} ${e.path}: ${reason.text}`,
    hint: reason.hint,
    details: { path: e.path, errno: e.code },
  };
}

/** `host:port` from the first error in the chain that names one (undici's connect errors do). */
function endpointOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === 'object'; ) {
    if (seen.has(current)) break;
    seen.add(current);
    const { hostname, address, port } = current as { hostname?: unknown; address?: unknown; port?: unknown };
    const host = typeof hostname === 'string' ? hostname : typeof address === 'string' ? address : undefined;
    if (host) return typeof port === 'number' ? `${host}:${port}` : host;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
