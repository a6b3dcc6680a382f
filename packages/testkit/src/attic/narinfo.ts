import { toNixBase32 } from '../nix/base32';
import { fingerprint, type NixSigningKey, signFingerprint } from '../nix/signing';

/** One store path held by a fake cache, in the shape Attic keeps it. */
export interface CachedObject {
  storePath: string;
  storePathHash: string;
  /** `sha256:<nix base32>`. */
  narHash: string;
  narSize: number;
  /** Full store paths. */
  references: string[];
  deriver?: string;
  sigs: string[];
  ca?: string;
  system?: string;
  nar: Buffer;
}

/** Accepts `sha256:<64 hex>` or `sha256:<52 nix base32>` (Attic's accepted forms); undefined otherwise. */
export function normaliseNarHash(text: string): string | undefined {
  const m = /^sha256:([0-9a-f]{64}|[0-9a-df-np-sv-z]{52})$/.exec(text);
  if (!m) return undefined;
  const value = m[1]!;
  return value.length === 64 ? `sha256:${toNixBase32(Buffer.from(value, 'hex'))}` : `sha256:${value}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Renders the narinfo Nix reads; unsigned objects are signed on the fly with the cache's key. */
export function renderNarinfo(object: CachedObject, key: NixSigningKey): string {
  const sigs =
    object.sigs.length > 0
      ? object.sigs
      : [
          signFingerprint(
            key,
            fingerprint(object.storePath, object.narHash, object.narSize, [...object.references].sort()),
          ),
        ];
  const lines = [
    `StorePath: ${object.storePath}`,
    `URL: nar/${object.storePathHash}.nar`,
    'Compression: none',
    `NarHash: ${object.narHash}`,
    `NarSize: ${object.narSize}`,
    `References: ${object.references.map(baseName).sort().join(' ')}`,
  ];
  if (object.deriver) lines.push(`Deriver: ${baseName(object.deriver)}`);
  for (const sig of sigs) lines.push(`Sig: ${sig}`);
  if (object.ca) lines.push(`CA: ${object.ca}`);
  return `${lines.join('\n')}\n`;
}
