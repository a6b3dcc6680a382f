import { createHash } from 'node:crypto';
import { toNixBase32 } from './base32';

/**
 * A minimal NAR writer for a single regular file: enough to seed a cache with paths Nix can
 * substitute, without a Nix installation. Every string is a little-endian u64 length, the bytes,
 * and zero padding to 8 bytes.
 */
export function narOfFile(contents: Buffer | string, executable = false): Buffer {
  const parts: Buffer[] = [];
  const str = (value: Buffer | string) => {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(bytes.length));
    parts.push(len, bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8));
  };
  str('nix-archive-1');
  str('(');
  str('type');
  str('regular');
  if (executable) {
    str('executable');
    str('');
  }
  str('contents');
  str(Buffer.isBuffer(contents) ? contents : Buffer.from(contents, 'utf8'));
  str(')');
  return Buffer.concat(parts);
}

/** `sha256:<nix base32>`, the form narinfo files and signature fingerprints use. */
export function narHashBase32(nar: Buffer): string {
  return `sha256:${toNixBase32(createHash('sha256').update(nar).digest())}`;
}

/** A syntactically valid store path for a test object; the hash part is derived from the name. */
export function fakeStorePath(name: string, storeDir = '/nix/store'): string {
  const digest = createHash('sha256').update(`fake:${name}`).digest().subarray(0, 20);
  return `${storeDir}/${toNixBase32(digest)}-${name}`;
}

/** The 32-character hash part of a store path (or of its basename). */
export function storePathHash(storePath: string): string {
  const base = storePath.slice(storePath.lastIndexOf('/') + 1);
  return base.slice(0, 32);
}
