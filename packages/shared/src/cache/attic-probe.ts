import { httpRequest } from '../http/request';
import { causeFromStatus, failureFromError, type ProbeFailure } from './probe-result';

/** Attic's `CacheConfig`, as `GET /_api/v1/cache-config/<cache>` returns it. */
export interface AtticCacheConfig {
  substituter_endpoint: string;
  api_endpoint: string;
  public_key: string;
  is_public: boolean;
  store_dir: string;
  priority: number;
  upstream_cache_key_names: string[];
}

export interface AtticProbeOptions {
  /** The server's base URL, e.g. `https://attic.example.com/`. */
  endpoint: URL | string;
  cache: string;
  token?: string;
  /** Per request; the preflight must stay short. Default 4 s. */
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

export type AtticProbeResult =
  | { available: true; config: AtticCacheConfig; public: boolean; durationMs: number; requests: number }
  | ({
      available: false;
      durationMs: number;
      requests: number;
      stage: 'nix-cache-info' | 'cache-config';
    } & ProbeFailure);

/** `base` + `path` where base may or may not end in a slash. */
export function joinUrl(base: URL | string, path: string): string {
  const text = String(base);
  return `${text.endsWith('/') ? text : `${text}/`}${path.replace(/^\//, '')}`;
}

export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * The preflight: `GET /<cache>/nix-cache-info` (is the binary cache there and readable?) and then
 * the cache config (the public key and substituter endpoint, which also proves the token works).
 */
export async function probeAtticCache(options: AtticProbeOptions): Promise<AtticProbeResult> {
  const started = performance.now();
  const common = {
    headers: { ...authHeaders(options.token), 'user-agent': 'gloriousflywheel-attic-setup' },
    timeoutMs: options.timeoutMs ?? 4000,
    retries: options.retries ?? 1,
    baseDelayMs: 100,
    signal: options.signal,
  };
  let requests = 0;
  const fail = (stage: 'nix-cache-info' | 'cache-config', failure: ProbeFailure): AtticProbeResult => ({
    available: false,
    stage,
    durationMs: performance.now() - started,
    requests,
    ...failure,
  });

  const infoUrl = joinUrl(options.endpoint, `${encodeURIComponent(options.cache)}/nix-cache-info`);
  try {
    const info = await httpRequest(infoUrl, common);
    requests += info.attempts;
    if (info.status !== 200) return fail('nix-cache-info', describeStatus(info.status, options, info.text()));
    if (!/StoreDir:/.test(info.text())) {
      return fail('nix-cache-info', {
        cause: 'invalid-response',
        message: `${infoUrl} answered 200 but is not a Nix binary cache (no StoreDir line)`,
      });
    }
  } catch (error) {
    requests += 1;
    return fail(
      'nix-cache-info',
      failureFromError(error, `cannot reach the Attic server at ${String(options.endpoint)}`),
    );
  }

  const configUrl = joinUrl(options.endpoint, `_api/v1/cache-config/${encodeURIComponent(options.cache)}`);
  try {
    const res = await httpRequest(configUrl, common);
    requests += res.attempts;
    if (res.status !== 200) return fail('cache-config', describeStatus(res.status, options, res.text()));
    let config: AtticCacheConfig;
    try {
      config = res.json<AtticCacheConfig>();
    } catch {
      return fail('cache-config', { cause: 'invalid-response', message: `${configUrl} did not answer JSON` });
    }
    if (typeof config.public_key !== 'string' || typeof config.substituter_endpoint !== 'string') {
      return fail('cache-config', {
        cause: 'invalid-response',
        message: 'the cache config has no public_key or substituter_endpoint',
      });
    }
    return {
      available: true,
      config,
      public: config.is_public === true || res.headers.get('x-attic-cache-visibility') === 'public',
      durationMs: performance.now() - started,
      requests,
    };
  } catch (error) {
    requests += 1;
    return fail(
      'cache-config',
      failureFromError(error, `cannot reach the Attic server at ${String(options.endpoint)}`),
    );
  }
}

function describeStatus(status: number, options: AtticProbeOptions, body: string): ProbeFailure {
  const cause = causeFromStatus(status);
  const name = `cache "${options.cache}"`;
  let message: string;
  if (status === 401) {
    message = options.token
      ? `401 Unauthorized for ${name}: the token is invalid or expired, or the cache does not exist (Attic hides caches a token has no rights on)`
      : `401 Unauthorized for ${name}: it is not public and no token was given, or it does not exist`;
  } else if (status === 403) {
    message = `403 Forbidden for ${name}: the token has no pull permission on it`;
  } else if (status === 404) {
    message = `404 for ${name}: no such cache on this server (check the cache name and the endpoint)`;
  } else {
    message = `the Attic server answered HTTP ${status} for ${name}${atticMessage(body)}`;
  }
  return { cause, message, status };
}

/** The `message` of an Attic error body, when there is one. */
export function atticMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? `: ${parsed.message}` : '';
  } catch {
    return '';
  }
}
