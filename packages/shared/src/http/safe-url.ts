import { redact } from '../platform/secrets';

/**
 * A URL as a message may show it: scheme, host and path, never the user info or the query string
 * (either may carry a credential). Not a URL: a neutral phrase, since the text itself may be one.
 */
export function safeUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    return redact(`${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`);
  } catch {
    return 'the configured URL';
  }
}

/** The `host[:port]` of a URL, for messages and `details.host`. */
export function hostOf(url: string | URL): string {
  try {
    return new URL(String(url)).host || 'the server';
  } catch {
    return 'the server';
  }
}
