import type { Fault } from '../http/faults';
import { failure } from './status';

/**
 * Ready-made faults for the fake API server, answering with Kubernetes `Status` bodies.
 * `path` is an API path prefix or a regular expression; `method` narrows it further.
 */
export const kubeFaults = {
  conflict: (path: string | RegExp, o: { method?: string; times?: number } = {}): Fault => ({
    path,
    ...o,
    status: 409,
    body: failure(
      409,
      'Conflict',
      'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again',
    ).status,
  }),
  tooManyRequests: (
    path: string | RegExp,
    retryAfterSeconds = 1,
    o: { method?: string; times?: number } = {},
  ): Fault => ({
    path,
    ...o,
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: failure(
      429,
      'TooManyRequests',
      'the server has received too many requests and has asked us to try again later',
      {
        retryAfterSeconds,
      },
    ).status,
  }),
  serverError: (path: string | RegExp, o: { method?: string; times?: number } = {}): Fault => ({
    path,
    ...o,
    status: 500,
    body: failure(500, 'InternalError', 'Internal error occurred: injected fault').status,
  }),
  reset: (path: string | RegExp, o: { method?: string; times?: number } = {}): Fault => ({
    path,
    ...o,
    reset: true,
  }),
  latency: (
    path: string | RegExp,
    latencyMs: number,
    o: { method?: string; times?: number } = {},
  ): Fault => ({
    path,
    ...o,
    latencyMs,
  }),
};
