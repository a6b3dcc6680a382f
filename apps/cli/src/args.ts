import { FlywheelError } from '@gloriousflywheel/shared';

export interface ParsedArgs {
  command?: string;
  flags: Record<string, string>;
  /** Flags given with no value (`--runs` at the end, or followed by another flag). */
  bare: Set<string>;
  help: boolean;
  version: boolean;
  /** Words after the command that are not flags: an action takes none. */
  positionals: string[];
}

/**
 * `--name value`, `--name=value`, and a bare `--name` followed by another flag (or nothing) meaning
 * `true` (for boolean inputs; the caller refuses it for the others). Values are strings: the
 * action's input definition parses them. A flag given twice is refused: which one should win is
 * not obvious, and lists take newlines or commas.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { flags: {}, bare: new Set(), help: false, version: false, positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (arg === '--version' || arg === '-V') {
      parsed.version = true;
      continue;
    }
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (!/^[a-z][a-z0-9-]*$/.test(name)) {
        // Only the name is shown: what follows `=` may be a secret.
        throw new FlywheelError('INPUT_INVALID', `\`--${name}\` is not a valid flag`, {
          hint: 'flags look like --push-timeout 10m',
        });
      }
      let value: string;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
      else {
        value = 'true';
        parsed.bare.add(name);
      }
      if (name in parsed.flags) {
        throw new FlywheelError('INPUT_INVALID', `--${name} was given twice`, {
          hint: 'give each flag once; lists take newlines or commas',
        });
      }
      parsed.flags[name] = value;
      continue;
    }
    if (parsed.command === undefined) parsed.command = arg;
    else parsed.positionals.push(arg);
  }
  return parsed;
}
