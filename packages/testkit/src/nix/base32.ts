/** Nix's own base32 alphabet (no e, o, u, t) used for store path hashes and narinfo hashes. */
const ALPHABET = '0123456789abcdfghijklmnpqrsvwxyz';

/** Encodes bytes the way Nix prints `sha256:<base32>` hashes (least significant bits first). */
export function toNixBase32(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 8) / 5);
  let out = '';
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const low = (bytes[i] ?? 0) >> j;
    const high = i + 1 < bytes.length ? (bytes[i + 1] ?? 0) << (8 - j) : 0;
    out += ALPHABET[(low | high) & 0x1f];
  }
  return out;
}

export function fromNixBase32(text: string, byteLength = Math.floor((text.length * 5) / 8)): Buffer {
  const bytes = Buffer.alloc(byteLength);
  for (let n = 0; n < text.length; n++) {
    const digit = ALPHABET.indexOf(text[text.length - n - 1]!);
    if (digit < 0) throw new Error(`invalid Nix base32 character in ${text}`);
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    bytes[i] = (bytes[i] ?? 0) | ((digit << j) & 0xff);
    if (i + 1 < byteLength) bytes[i + 1] = (bytes[i + 1] ?? 0) | (digit >> (8 - j));
  }
  return bytes;
}
