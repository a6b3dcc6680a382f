import { redactCredentialPatterns } from './credential-patterns';

/**
 * Every secret the process has read, so that every adapter can redact it from anything it writes,
 * whether or not the CI system masks logs itself (GitLab only masks its own masked variables; a
 * terminal masks nothing).
 */
const known = new Set<string>();

/** Secrets shorter than this are not redacted: masking `1` or `a` would shred every log. */
const MIN_SECRET_LENGTH = 4;

export function registerSecret(value: string | undefined): void {
  if (!value) return;
  for (const variant of secretVariants(value)) if (variant.length >= MIN_SECRET_LENGTH) known.add(variant);
}

/** The forms a secret is likely to leak in: as is, each line of it, base64 and URL-encoded. */
function secretVariants(value: string): string[] {
  const trimmed = value.trim();
  const lines = trimmed.split(/\r?\n/).map((l) => l.trim());
  return [trimmed, ...lines, Buffer.from(trimmed).toString('base64'), encodeURIComponent(trimmed)].filter(
    (v) => v !== '',
  );
}

/**
 * Hides every registered secret (and its variants) and every credential recognisable by its shape
 * (`credential-patterns.ts`). Every adapter passes all it writes through here.
 */
export function redact(text: string): string {
  if (!text) return text;
  let out = redactCredentialPatterns(text);
  if (known.size === 0) return out;
  // Longest first so that a secret containing another is replaced whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

export function knownSecrets(): readonly string[] {
  return [...known];
}

/** For tests that run several actions in one process. */
export function forgetSecrets(): void {
  known.clear();
}
