import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JWTs for the fakes that issue tokens (Attic, the Actions service): sign, and verify with `exp`. */
export function signHs256(secret: Buffer, payload: Record<string, unknown>): string {
  const body = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify(payload))}`;
  return `${body}.${mac(secret, body)}`;
}

/** The claims of a token signed with `secret` and not expired (`exp`, if present, in the future). */
export function verifyHs256(
  secret: Buffer,
  token: string,
  now = Date.now(),
): Record<string, unknown> | undefined {
  const [head, payload, given, ...rest] = token.split('.');
  if (!head || !payload || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(secret, `${head}.${payload}`));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const exp = claims['exp'];
  if (typeof exp === 'number' && exp * 1000 <= now) return undefined;
  return claims;
}

function mac(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url');
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
