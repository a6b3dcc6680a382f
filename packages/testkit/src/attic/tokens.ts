import { randomBytes } from 'node:crypto';
import { signHs256, verifyHs256 } from '../http/hs256-jwt';

/** Attic's permission bits per cache (pattern): r pull, w push, d delete, cc/cr/cq/cd cache admin. */
export interface AtticPermission {
  r?: boolean | 0 | 1;
  w?: boolean | 0 | 1;
  d?: boolean | 0 | 1;
  cc?: boolean | 0 | 1;
  cr?: boolean | 0 | 1;
  cq?: boolean | 0 | 1;
  cd?: boolean | 0 | 1;
}

export interface TokenClaims {
  sub?: string;
  /** Cache name or glob (`*`, `team-*`) → permissions. */
  caches: Record<string, AtticPermission>;
  /** Absent: never expires. */
  expiresAt?: Date;
}

const CLAIMS_KEY = 'https://jwt.attic.rs/v1';

/** HS256 JWTs shaped like Attic's: the permissions live under `https://jwt.attic.rs/v1`. */
export class TokenAuthority {
  private readonly secret = randomBytes(32);

  issue(claims: TokenClaims): string {
    const payload: Record<string, unknown> = {
      sub: claims.sub ?? 'flywheel-test',
      [CLAIMS_KEY]: { caches: claims.caches },
    };
    if (claims.expiresAt) payload['exp'] = Math.floor(claims.expiresAt.getTime() / 1000);
    return signHs256(this.secret, payload);
  }

  /** The caches claim of a valid, unexpired token; undefined for anything else. */
  verify(token: string): Record<string, AtticPermission> | undefined {
    const claims = verifyHs256(this.secret, token);
    if (!claims) return undefined;
    const scoped = claims[CLAIMS_KEY] as { caches?: Record<string, AtticPermission> } | undefined;
    return scoped?.caches ?? {};
  }
}

/** Resolved rights on one cache. Discovery = any right at all (Attic hides the cache otherwise). */
export interface CacheRights {
  pull: boolean;
  push: boolean;
  discover: boolean;
}

/** An exact name wins over a glob; among globs the first one that matches. */
export function rightsFor(
  caches: Record<string, AtticPermission>,
  cache: string,
  isPublic: boolean,
): CacheRights {
  const exact = caches[cache];
  const glob = exact
    ? undefined
    : Object.entries(caches).find(([pattern]) => pattern.includes('*') && globMatch(pattern, cache))?.[1];
  const perm = exact ?? glob ?? {};
  const any = Object.values(perm).some((v) => v === true || v === 1);
  const pull = isPublic || perm.r === true || perm.r === 1;
  return { pull, push: perm.w === true || perm.w === 1, discover: any || isPublic };
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  return re.test(name);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
