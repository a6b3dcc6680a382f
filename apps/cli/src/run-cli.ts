import {
  type ActionModule,
  createPlatform,
  describeError,
  detectPlatformKind,
  FlywheelError,
  type Platform,
  RESULT_SCHEMA_VERSION,
  redact,
  runActionPhase,
  toFlywheelError,
} from '@gloriousflywheel/shared';
import { parseArgs } from './args';
import { actionHelp, CLI_FLAGS, generalHelp } from './help';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /**
   * Whether stdout is a terminal a person reads. The result envelope goes to stdout when it is not
   * (a pipe, a file, a script's capture) or when `--json` asks for it.
   */
  stdoutIsTTY?: boolean;
}

/** What a command that is not an action gets: the CLI's io, and whether to print JSON on stdout. */
export interface CommandIo extends CliIo {
  json: boolean;
}

/** A command that is not an action (`demo`). */
export interface CliCommand {
  /** One line for `flywheel --help`. */
  title: string;
  /** `flywheel <command> --help`. */
  help: string;
  run(args: string[], flags: Record<string, string>, io: CommandIo): Promise<number>;
}

export interface CliOptions {
  actions: readonly ActionModule[];
  version: string;
  commands?: Record<string, CliCommand>;
  /** For tests: build the platform yourself. */
  platformFor?: (action: string, flags: Record<string, string>) => Platform;
}

/** Exit codes: 0 success, 1 the action failed, 2 the command line was wrong. */
const USAGE = 2;

/** Runs one `flywheel …` invocation and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions): Promise<number> {
  const started = new Date();
  let json = !io.stdoutIsTTY;
  let command: string | undefined;
  try {
    const args = parseArgs(argv);
    json = jsonWanted(args.flags['json'], io);
    command = args.command;
    if (args.version) {
      io.stdout(`${options.version}\n`);
      return 0;
    }
    const definitions = options.actions.map((a) => a.definition);
    if (!args.command) {
      (args.help ? io.stdout : io.stderr)(generalHelp(definitions, options.version, options.commands ?? {}));
      return args.help ? 0 : USAGE;
    }
    const { json: _json, ...flags } = args.flags;
    const other = options.commands?.[args.command];
    if (other) {
      if (args.help) {
        io.stdout(other.help);
        return 0;
      }
      return await other.run(args.positionals, flags, { ...io, json });
    }
    const action = options.actions.find((a) => a.definition.name === args.command);
    if (!action) {
      throw new FlywheelError('INPUT_INVALID', `unknown command \`${args.command}\``, {
        hint: `one of ${[...definitions.map((d) => d.name), ...Object.keys(options.commands ?? {})].join(', ')}`,
      });
    }
    if (args.help) {
      io.stdout(actionHelp(action.definition));
      return 0;
    }
    const name = action.definition.name;
    if (args.positionals.length > 0) {
      throw new FlywheelError('INPUT_INVALID', `${name} takes no argument \`${args.positionals[0]}\``, {
        hint: `inputs are flags (--name value); see flywheel ${name} --help`,
      });
    }
    const { phase = 'main', ...inputFlags } = flags;
    if (phase !== 'main' && phase !== 'post') {
      throw new FlywheelError('INPUT_INVALID', `--phase must be main or post, not \`${phase}\``);
    }
    for (const flag of Object.keys(inputFlags)) {
      const spec = action.definition.inputs[flag];
      if (!spec && !(flag in CLI_FLAGS)) {
        throw new FlywheelError('INPUT_INVALID', `${name} has no input \`--${flag}\``, {
          hint: `see flywheel ${name} --help`,
        });
      }
      // `--runs` with nothing after it: only a boolean input can mean "true" by being there.
      if (spec && spec.kind !== 'boolean' && args.bare.has(flag)) {
        throw new FlywheelError('INPUT_INVALID', `--${flag} needs a value`, {
          hint: `give it as --${flag} <${spec.kind}> (${spec.accepts})`,
        });
      }
    }
    const platform =
      options.platformFor?.(name, inputFlags) ??
      createPlatform({
        action: name,
        env: io.env,
        flags: inputFlags,
        stdout: io.stdout,
        stderr: io.stderr,
        json,
      });
    const outcome = await runActionPhase(action, phase, { platform });
    return outcome.exitCode;
  } catch (error) {
    const failure = toFlywheelError(error);
    io.stderr(`flywheel: ${describeError(failure)}\n`);
    // The README promises the envelope on stdout for scripts, usage errors included; a GitLab job
    // reads its reports from files instead, so its log stays as it was.
    if (json && detectPlatformKind(io.env) === 'terminal') {
      const finished = new Date();
      const envelope = {
        error: {
          code: failure.code,
          message: failure.message,
          ...(failure.hint ? { hint: failure.hint } : {}),
        },
        meta: {
          schema: RESULT_SCHEMA_VERSION,
          action: command ?? 'flywheel',
          phase: 'main',
          platform: 'terminal',
          startedAt: started.toISOString(),
          finishedAt: finished.toISOString(),
          durationMs: finished.getTime() - started.getTime(),
        },
      };
      io.stdout(`${redact(JSON.stringify(envelope, null, 2))}\n`);
    }
    return USAGE;
  }
}

/** `--json` (or `--json=true`) forces the envelope onto stdout, `--json=false` keeps it off; else: not a TTY. */
function jsonWanted(flag: string | undefined, io: CliIo): boolean {
  if (flag === undefined) return !io.stdoutIsTTY;
  if (flag === 'true') return true;
  if (flag === 'false') return false;
  throw new FlywheelError('INPUT_INVALID', `--json takes no value (or true/false), not \`${flag}\``, {
    hint: 'write --json alone',
  });
}
