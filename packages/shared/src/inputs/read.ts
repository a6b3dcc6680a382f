import { FlywheelError } from '../errors';
import { redact } from '../platform/secrets';
import {
  type ActionDefinition,
  emptyValueOf,
  type InputSpec,
  type InputSpecs,
  type ParsedInputs,
} from './spec';
import { InputProblem } from './validators';

/**
 * What was given, as it may be shown: secrets never, credentials inside a value (a URL's user
 * info, a token parameter) hidden, long values shortened.
 */
export function showGiven(raw: string, secret: boolean | undefined): string {
  if (secret) return '`***` (redacted)';
  const clean = redact(raw);
  const shown = clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
  return `\`${shown.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}\``;
}

/** The user info of every URL in a value (`https://user:pw@host`): a credential wherever it is given. */
export function urlCredentials(raw: string): string[] {
  const found: string[] = [];
  for (const m of raw.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#@'"`<>]+)@/gi)) {
    const userinfo = m[1]!;
    const colon = userinfo.indexOf(':');
    // `user:password`, or a token on its own; a short bare name (`git@`) is a user name, not a secret.
    if (colon >= 0 || userinfo.length >= 8) found.push(userinfo);
    if (colon >= 0 && colon < userinfo.length - 1) found.push(userinfo.slice(colon + 1));
    for (const part of [...found]) {
      try {
        const decoded = decodeURIComponent(part);
        if (decoded !== part) found.push(decoded);
      } catch {
        // not percent-encoded
      }
    }
  }
  return found;
}

export function parseOne<T>(name: string, spec: InputSpec<T>, raw: string): T | undefined {
  // An input whose default is '' is present and empty when not given: '' or [] by its kind.
  if (raw.trim() === '' && spec.default === '') return emptyValueOf(spec.kind) as T;
  const value = raw.trim() === '' ? usableDefault(spec.default) : raw;
  if (value.trim() === '') {
    if (spec.required) {
      throw new FlywheelError('INPUT_INVALID', `input \`${name}\` is required but was not given`, {
        hint: `set \`${name}\`: ${spec.accepts}`,
        details: { input: name },
      });
    }
    return undefined;
  }
  try {
    return spec.parse(spec.kind === 'list' ? value : value.trim());
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    throw new FlywheelError(
      'INPUT_INVALID',
      `input \`${name}\` is invalid: ${error.message}; given ${showGiven(value, spec.secret)}`,
      { hint: `\`${name}\` accepts ${spec.accepts}`, details: { input: name } },
    );
  }
}

/**
 * Reads and parses every input of a definition. Secrets are handed to `mask` before any parsing so
 * that nothing downstream can print them.
 */
export function readInputs<S extends InputSpecs>(
  definition: ActionDefinition<S, string>,
  getRaw: (name: string) => string,
  mask: (secret: string) => void,
): ParsedInputs<S> {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const raw = getRaw(name);
    if (spec.secret && raw.trim() !== '' && (spec.secretValue?.(raw) ?? true)) mask(raw.trim());
    for (const credential of urlCredentials(raw)) mask(credential);
    parsed[name] = parseOne(name, spec, raw);
  }
  return parsed as ParsedInputs<S>;
}

/**
 * A default such as `${{ github.token }}` is a GitHub expression: the runner evaluates it and hands
 * the value over as INPUT_*, so it only reaches this parser off GitHub, where it means nothing.
 */
function usableDefault(value: string | undefined): string {
  return value === undefined || value.includes('${{') ? '' : value;
}
