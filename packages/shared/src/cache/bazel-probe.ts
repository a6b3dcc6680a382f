import { httpRequest } from '../http/request';
import { causeFromStatus, failureFromError, type ProbeFailure } from './probe-result';

/** The SHA-256 of the empty blob: bazel-remote always has it, so HEAD on it is a liveness probe. */
export const EMPTY_BLOB_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface BazelProbeOptions {
  url: URL | string;
  /** Sent as `Authorization: Bearer`, or as Basic when it has the form `user:password`. */
  token?: string;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

export type BazelProbeResult =
  | { available: true; durationMs: number }
  | ({ available: false; durationMs: number } & ProbeFailure);

export function bazelAuthHeader(token: string | undefined): string | undefined {
  if (!token) return undefined;
  return token.includes(':') ? `Basic ${Buffer.from(token).toString('base64')}` : `Bearer ${token}`;
}

export async function probeBazelRemote(options: BazelProbeOptions): Promise<BazelProbeResult> {
  const started = performance.now();
  const base = String(options.url).replace(/\/+$/, '');
  const auth = bazelAuthHeader(options.token);
  try {
    const res = await httpRequest(`${base}/cas/${EMPTY_BLOB_SHA256}`, {
      method: 'HEAD',
      headers: auth ? { authorization: auth } : {},
      timeoutMs: options.timeoutMs ?? 4000,
      retries: options.retries ?? 1,
      baseDelayMs: 100,
      signal: options.signal,
    });
    const durationMs = performance.now() - started;
    if (res.status === 200) return { available: true, durationMs };
    const cause = causeFromStatus(res.status);
    const message =
      res.status === 401 || res.status === 403
        ? `the Bazel remote cache refused the credentials (HTTP ${res.status})`
        : res.status === 404
          ? 'the Bazel remote cache does not have the empty blob: this URL is not a bazel-remote HTTP cache'
          : `the Bazel remote cache answered HTTP ${res.status}`;
    return { available: false, durationMs, cause, message, status: res.status };
  } catch (error) {
    return {
      available: false,
      durationMs: performance.now() - started,
      ...failureFromError(error, `cannot reach the Bazel remote cache at ${displayUrl(base)}`),
    };
  }
}

/** A URL without user info, fit for a log line. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'the configured URL';
  }
}
