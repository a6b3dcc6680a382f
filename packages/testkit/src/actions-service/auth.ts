import { randomBytes } from 'node:crypto';
import { signHs256, verifyHs256 } from '../http/hs256-jwt';

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
    const iat = Math.floor(this.now() / 1000);
    return signHs256(this.secret, {
      sub: subject,
      iat,
      nbf: iat,
      exp: Math.floor((this.now() + ttlMs) / 1000),
    });
  }

  /** The subject of a valid, unexpired admin token (one with `exp`); undefined otherwise. */
  adminSubject(token: string): string | undefined {
    const claims = verifyHs256(this.secret, token, this.now());
    if (typeof claims?.['exp'] !== 'number' || typeof claims['sub'] !== 'string') return undefined;
    return claims['sub'];
  }
}
