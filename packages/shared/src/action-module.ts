import type { ActionContext } from './action-context';
import type { ActionDefinition, InputsOf } from './inputs/spec';

/**
 * One mode of an action: its main phase and, where the mode has one, its post phase. Declared as
 * methods (bivariant parameters) so that any action can be handed to code that runs actions
 * generically: the runner, the CLI.
 */
export interface ModeModule<D extends ActionDefinition = ActionDefinition> {
  main(ctx: ActionContext<D>): Promise<unknown>;
  post?(ctx: ActionContext<D>): Promise<unknown>;
}

/** The modes an action declares: the values of its `mode` input, or `default` when it has none. */
export type ModeName<D extends ActionDefinition> =
  InputsOf<D> extends { mode: infer M extends string } ? M : 'default';

/** Loads a mode's module on first use, so a run never parses the code (and chunks) of other modes. */
export type ModeLoader<D extends ActionDefinition = ActionDefinition> = () => Promise<ModeModule<D>>;

/**
 * An action: its definition and a loader per mode. The shared runner picks the mode from the
 * inputs, loads it and runs the phase; the action's entry point is one call (`runEntryPoint`).
 */
export interface ActionModule<D extends ActionDefinition = ActionDefinition> {
  definition: D;
  modes: Record<string, ModeLoader<D>>;
  /**
   * README sections rendered from the action's own code (e.g. the permissions its modes check),
   * by name: `npm run docs` writes each between its `<!-- name:start … -->` / `<!-- name:end -->`
   * markers. Loaded on demand, so a run never parses them.
   */
  docs?: Record<string, () => Promise<string>>;
}

export function defineActionModule<D extends ActionDefinition>(
  definition: D,
  modes: { [K in ModeName<D>]: ModeLoader<D> },
  extras: { docs?: Record<string, () => Promise<string>> } = {},
): ActionModule<D> {
  return { definition, modes: modes as Record<string, ModeLoader<D>>, ...extras };
}

/** The mode a run uses: the `mode` input where the action has one. */
export function modeOf(definition: ActionDefinition, inputs: Record<string, unknown>): string {
  return 'mode' in definition.inputs ? String(inputs['mode']) : 'default';
}
