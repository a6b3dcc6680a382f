/**
 * Hashes in the shape ARC writes them. ARC hashes Go structs (FNV-32a over go-spew dumps), which
 * TypeScript cannot reproduce; these hash a canonical JSON instead. They change exactly when the
 * same inputs change, which is all a client may rely on (compare before/after, never recompute).
 */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Kubernetes' rand.SafeEncodeString: each character mapped into an alphabet without vowels or look-alikes. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A template hash as ARC formats it: SafeEncode of the decimal FNV-32a sum. */
export function templateHash(value: unknown): string {
  return safeEncode(String(fnv32a(canonicalJson(value))));
}

type Spec = Record<string, unknown>;

/** ListenerSpecHash: the entire ARS spec. */
export function listenerSpecHash(spec: Spec): string {
  return templateHash(spec);
}

/** RunnerSetSpecHash: only the fields that shape a runner (not min/max, labels or listener settings). */
export function runnerSetSpecHash(spec: Spec): string {
  const {
    githubConfigUrl,
    githubConfigSecret,
    runnerGroup,
    runnerScaleSetName,
    proxy,
    githubServerTLS,
    template,
  } = spec;
  return templateHash({
    githubConfigUrl,
    githubConfigSecret,
    runnerGroup,
    runnerScaleSetName,
    proxy,
    githubServerTLS,
    template,
  });
}

/** 0.14.x `change-hash`: spec and labels. */
export function changeHash(spec: Spec, labels: Record<string, string> | undefined): string {
  return templateHash({ spec, labels: labels ?? {} });
}

/**
 * The listener name: `<ars>-<8 chars>-listener`. From 0.13.1 the hash covers
 * namespace@runnerGroup@githubConfigUrl; up to 0.13.0 only the namespace.
 */
export function listenerName(
  ars: { name: string; namespace: string; runnerGroup?: string; githubConfigUrl?: string },
  version: { minor: string; patch: number },
): string {
  const newScheme = version.minor === '0.14' || (version.minor === '0.13' && version.patch >= 1);
  const input = newScheme
    ? `${ars.namespace}@${ars.runnerGroup ?? ''}@${ars.githubConfigUrl ?? ''}`
    : ars.namespace;
  return `${ars.name}-${safeEncode(String(fnv32a(input)).padStart(10, '0')).slice(0, 8)}-listener`;
}
