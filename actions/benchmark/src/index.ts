import { actionModule } from '@gloriousflywheel/shared';
import { fleetMode } from './fleet-mode';
import { definition } from './inputs';
import { runMode } from './run-mode';
import { scorecardMode } from './scorecard-mode';

export { definition } from './inputs';

export const action = actionModule(definition, {
  main: async (ctx) => {
    if (ctx.inputs.mode === 'scorecard') return scorecardMode(ctx);
    if (ctx.inputs.mode === 'fleet') return fleetMode(ctx);
    return runMode(ctx);
  },
});
