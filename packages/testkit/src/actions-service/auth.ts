import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const HOUR_MS = 60 * 60_000;

/**
 * The two credentials between a PAT and the Actions service: a runner registration token (GitHub
 * answers it to `POST …/actions/runners/registration-token`, valid one hour) and the admin token
 * the runner-registration endpoint trades it for. The admin token is a JWT: ARC's client reads its
 * `exp` without verifying it and refreshes a minute before (scaleset v0.4.0 client.go
 * actionsServiceAdminTokenExpiresAt, updateTokenIfNeeded; 0.13.1 fails without `exp`).
 */
export class ActionsAuthority {
  private readonly secret = randomBytes(32);
  private readonly registrationTokens = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issueRegistrationToken(): { token: string; expires_at: string } {
    const token = randomBytes(20).toString('hex').toUpperCase();
    const expires = this.now() + HOUR_MS;
    this.registrationTokens.set(token, expires);
    return { token, expires_at: new Date(expires).toISOString().replace(/\.\d+Z$/, 'Z') };
  }

  registrationTokenValid(token: string): boolean {
    const expires = this.registrationTokens.get(token);
    return expires !== undefined && expires > this.now();
  }

  /** An HS256 JWT for `subject` that expires after `ttlMs` (default one hour). */
  issueAdminToken(subject: string, ttlMs = HOUR_MS): string {
    const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const iat = Math.floor(this.now() / 1000);
    const payload = b64(
      JSON.stringify({ sub: subject, iat, nbf: iat, exp: Math.floor((this.now() + ttlMs) / 1000) }),
    );
    return `${header}.${payload}.${this.mac(`${header}.${payload}`)}`;
  }

  /** The subject of a valid, unexpired admin token; undefined otherwise. */
  adminSubject(token: string): string | undefined {
    const [header, payload, mac, ...rest] = token.split('.');
    if (!header || !payload || !mac || rest.length > 0) return undefined;
    const expected = Buffer.from(this.mac(`${header}.${payload}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub?: string;
      exp?: number;
    };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return undefined;
    return claims.sub;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
