import {
  type ActionModule,
  createPlatform,
  describeError,
  FlywheelError,
  type Platform,
  runActionPhase,
  toFlywheelError,
} from '@gloriousflywheel/shared';
import { parseArgs } from './args';
import { actionHelp, CLI_FLAGS, generalHelp } from './help';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface CliOptions {
  actions: readonly ActionModule[];
  version: string;
  /** Commands that are not actions (`demo`). */
  commands?: Record<string, (args: string[], flags: Record<string, string>, io: CliIo) => Promise<number>>;
  /** For tests: build the platform yourself. */
  platformFor?: (action: string, flags: Record<string, string>) => Platform;
}

/** Runs one `flywheel …` invocation and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.version) {
      io.stdout(`${options.version}\n`);
      return 0;
    }
    const definitions = options.actions.map((a) => a.definition);
    if (!args.command) {
      (args.help ? io.stdout : io.stderr)(generalHelp(definitions, options.version));
      return args.help ? 0 : 2;
    }
    const command = options.commands?.[args.command];
    if (command) return await command(args.positionals, args.flags, io);
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
    const { phase = 'main', ...inputFlags } = args.flags;
    if (phase !== 'main' && phase !== 'post') {
      throw new FlywheelError('INPUT_INVALID', `--phase must be main or post, not \`${phase}\``);
    }
    for (const name of Object.keys(inputFlags)) {
      if (!(name in action.definition.inputs) && !(name in CLI_FLAGS)) {
        throw new FlywheelError('INPUT_INVALID', `${action.definition.name} has no input \`--${name}\``, {
          hint: `see flywheel ${action.definition.name} --help`,
        });
      }
    }
    const platform =
      options.platformFor?.(action.definition.name, inputFlags) ??
      createPlatform({
        action: action.definition.name,
        env: io.env,
        flags: inputFlags,
        stdout: io.stdout,
        stderr: io.stderr,
      });
    const outcome = await runActionPhase(action, phase, { platform });
    return outcome.exitCode;
  } catch (error) {
    io.stderr(`flywheel: ${describeError(toFlywheelError(error))}\n`);
    return 2;
  }
}
