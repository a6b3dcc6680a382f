import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

/**
 * Nix binary-cache signing keys: the public key is `<name>:<base64 of 32 raw bytes>`, a
 * signature is `<name>:<base64 of the 64-byte ed25519 signature>` over the narinfo fingerprint.
 */
export interface NixSigningKey {
  name: string;
  /** `<name>:<base64>`, what goes into `trusted-public-keys`. */
  publicKey: string;
  privateKey: KeyObject;
}

export function generateSigningKey(name: string): NixSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, privateKey, publicKey: `${name}:${rawPublicKey(publicKey).toString('base64')}` };
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

/** Nix's secret key file form, `<name>:<base64 of seed ‖ public key>` (64 bytes). */
export function secretKeyText(key: NixSigningKey): string {
  const jwk = key.privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  return `${key.name}:${Buffer.concat([seed, pub]).toString('base64')}`;
}

/** The string Nix signs: `1;<storePath>;<narHash>;<narSize>;<comma separated full reference paths>`. */
export function fingerprint(
  storePath: string,
  narHash: string,
  narSize: number,
  references: string[],
): string {
  return `1;${storePath};${narHash};${narSize};${references.join(',')}`;
}

export function signFingerprint(key: NixSigningKey, text: string): string {
  return `${key.name}:${sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64')}`;
}

/** Checks a `<name>:<base64>` signature against a `<name>:<base64>` public key. */
export function verifySignature(publicKey: string, signature: string, text: string): boolean {
  const [keyName, keyB64] = splitOnce(publicKey);
  const [sigName, sigB64] = splitOnce(signature);
  if (keyName !== sigName) return false;
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keyB64, 'base64').toString('base64url') },
    format: 'jwk',
  });
  return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(sigB64, 'base64'));
}

function splitOnce(text: string): [string, string] {
  const i = text.indexOf(':');
  return i < 0 ? ['', text] : [text.slice(0, i), text.slice(i + 1)];
}
