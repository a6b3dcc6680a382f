import { FlywheelError } from '@gloriousflywheel/shared';
import type { Workload } from './measure';

export const WORKLOAD_PRESETS = ['nix-build', 'flake-check', 'bazel-test', 'docker-build'] as const;
export type WorkloadPreset = (typeof WORKLOAD_PRESETS)[number];

export interface WorkloadChoice {
  /** The name results are grouped by: the preset, or `name` for a custom command. */
  name: string;
  workload: Workload;
  /** Nix workloads are scored against the Nix cold-start target. */
  nix: boolean;
}

/**
 * Turns the `command` / `workload` inputs into what runs. Presets become argument arrays (their
 * target or context is never spliced into a shell string); `command` is the workflow author's own
 * script, run by the shell like a `run:` step.
 */
export function chooseWorkload(inputs: {
  command?: string | undefined;
  workload?: string | undefined;
  target?: string | undefined;
  context?: string | undefined;
  name?: string | undefined;
}): WorkloadChoice {
  const command = inputs.command?.trim();
  if (command && inputs.workload) {
    throw new FlywheelError('INPUT_INVALID', 'give either `command` or `workload`, not both');
  }
  if (command) {
    return {
      name: inputs.name || 'command',
      workload: { kind: 'script', script: command },
      nix: /\bnix\b/.test(command),
    };
  }
  const preset = inputs.workload;
  if (!preset) {
    throw new FlywheelError('INPUT_INVALID', 'nothing to measure: set `command` or `workload`', {
      hint: `workload is one of ${WORKLOAD_PRESETS.join(', ')}`,
    });
  }
  const target = inputs.target?.trim();
  const name = inputs.name || preset;
  switch (preset) {
    case 'nix-build':
      return {
        name,
        nix: true,
        workload: { kind: 'argv', argv: ['nix', 'build', '--no-link', target || '.#default'] },
      };
    case 'flake-check':
      return {
        name,
        nix: true,
        workload: { kind: 'argv', argv: ['nix', 'flake', 'check', ...(target ? [target] : [])] },
      };
    case 'bazel-test':
      return { name, nix: false, workload: { kind: 'argv', argv: ['bazel', 'test', target || '//...'] } };
    case 'docker-build':
      return {
        name,
        nix: false,
        workload: { kind: 'argv', argv: ['docker', 'build', inputs.context?.trim() || '.'] },
      };
    default:
      throw new FlywheelError('INPUT_INVALID', `unknown workload \`${preset}\``, {
        hint: `workload is one of ${WORKLOAD_PRESETS.join(', ')}, or use \`command\``,
      });
  }
}
