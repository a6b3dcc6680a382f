import { FlywheelError, parseDuration } from '@gloriousflywheel/shared';

/** The demo's flags: one table, read by the parser and by `flywheel demo --help`. */
export const DEMO_FLAGS = {
  scenario: {
    value: '<apply|rollback|doctor|upgrade|warm-pool>',
    default: 'apply',
    text: '`apply`: the apply pipeline below; `rollback`: the same change with a failing tofu apply, rolled back and proven; `doctor`: a sick fleet diagnosed, repaired with fix: true and diagnosed healthy; `upgrade`: the ARC controller 0.13.1 → 0.14.2 on two identical busy fleets, by a plain tofu apply (every set deleted by the version gate: running jobs finish, nothing new runs) and by arc-apply mode: upgrade (drained, removed, controller and CRDs upgraded, reinstalled, proven), side by side; `warm-pool`: plan warm pools from a generated month of jobs and replay the next week.',
  },
  'jobs-per-week': {
    value: '<number>',
    default: '800',
    text: 'warm-pool: the generated demand, from 50 to 5000 jobs a week.',
  },
  speed: {
    value: '<number>',
    default: '30',
    text: 'Simulated seconds per real second, from 1 to 600: at 30 the two-minute drain window passes in 4 s.',
  },
  'drain-timeout': {
    value: '<duration>',
    default: '2m',
    text: "arc-apply's drain window for the busy runners on the simulated fleet (simulated time), e.g. 90s.",
  },
  json: {
    value: '',
    default: '',
    text: 'Print the apply result envelope as JSON on stdout (printed anyway when stdout is not a terminal).',
  },
} as const;

export interface DemoOptions {
  speed: number;
  drainTimeout: string;
}

/** Reads the demo's flags; anything else on the command line is a usage error. */
export function demoOptions(args: string[], flags: Record<string, string>): DemoOptions {
  if (args.length > 0) {
    throw new FlywheelError('INPUT_INVALID', `demo takes no argument \`${args[0]}\``, {
      hint: 'see flywheel demo --help',
    });
  }
  for (const name of Object.keys(flags)) {
    if (!(name in DEMO_FLAGS)) {
      throw new FlywheelError('INPUT_INVALID', `demo has no flag \`--${name}\``, {
        hint: `its flags: ${Object.keys(DEMO_FLAGS)
          .map((f) => `--${f}`)
          .join(', ')}`,
      });
    }
  }
  const speed = Number(flags['speed'] ?? DEMO_FLAGS.speed.default);
  if (!Number.isFinite(speed) || speed < 1 || speed > 600) {
    throw new FlywheelError(
      'INPUT_INVALID',
      '--speed must be a number from 1 to 600 (simulated seconds per real second)',
      {
        hint: 'e.g. --speed 60',
      },
    );
  }
  const drainTimeout = flags['drain-timeout'] ?? DEMO_FLAGS['drain-timeout'].default;
  if (parseDuration(drainTimeout) === undefined) {
    throw new FlywheelError('INPUT_INVALID', `--drain-timeout must be a duration, not \`${drainTimeout}\``, {
      hint: 'e.g. --drain-timeout 90s',
    });
  }
  return { speed, drainTimeout };
}

/** `flywheel demo --help`. */
export function demoHelp(): string {
  return [
    'flywheel demo — the managed ARC apply pipeline on an embedded simulated fleet',
    '',
    'Starts a simulated Kubernetes cluster with the ARC controller and three runner scale sets',
    '(tinyland-nix, tinyland-docker, tinyland-dind) taking jobs, then runs arc-apply for real against it:',
    'scope, reap, freeze the caps, drain the busy runners, plan and guard with a tofu stand-in, apply',
    'new caps, restore them from the targets and prove the listeners. Nothing outside the process is',
    'touched; the working folder it writes is removed at the end.',
    '',
    'Usage: flywheel demo [--speed <number>] [--drain-timeout <duration>] [--json]',
    '       flywheel demo --scenario rollback [--speed <number>]',
    '       flywheel demo --scenario doctor',
    '       flywheel demo --scenario upgrade [--speed <number>] [--drain-timeout <duration>]',
    '       flywheel demo --scenario warm-pool [--jobs-per-week <number>]',
    '',
    'Flags:',
    ...Object.entries(DEMO_FLAGS).flatMap(([name, f]) => [
      `  --${name}${f.value ? ` ${f.value}` : ''}${f.default ? `  (default: ${f.default})` : ''}`,
      `      ${f.text}`,
    ]),
    '',
    'The fleet before and after, the log and the apply summary go to stderr; exit code 0 when the',
    'change was applied and proven, 1 when the pipeline failed (it then rolls the caps back).',
    '',
  ].join('\n');
}
