import { FlywheelError } from '../errors';
import type { ActionDefinition, InputSpec, InputSpecs, ParsedInputs } from './spec';
import { InputProblem } from './validators';

/** What was given, as it may be shown: secrets never, long values shortened. */
export function showGiven(raw: string, secret: boolean | undefined): string {
  if (secret) return '`***` (redacted)';
  const shown = raw.length > 120 ? `${raw.slice(0, 117)}...` : raw;
  return `\`${shown.replace(/\n/g, '\\n')}\``;
}

export function parseOne<T>(name: string, spec: InputSpec<T>, raw: string): T | undefined {
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
    if (spec.secret && raw.trim() !== '') mask(raw.trim());
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
