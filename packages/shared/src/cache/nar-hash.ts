/**
 * Attic accepts `sha256:` + 64 hex or 52 Nix-base32 characters. `nix path-info --json` prints the
 * SRI form (`sha256-<base64>`) on Nix 2.8 and later; older tools print `sha256:<base32>`.
 */
export function toAtticNarHash(hash: string): string {
  const sri = /^sha256-([A-Za-z0-9+/]{43}=)$/.exec(hash);
  if (sri) return `sha256:${Buffer.from(sri[1]!, 'base64').toString('hex')}`;
  if (/^sha256:([0-9a-f]{64}|[0-9a-df-np-sv-z]{52})$/.test(hash)) return hash;
  throw new Error(`unrecognised NAR hash ${hash}`);
}
