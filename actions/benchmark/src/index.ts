import { actionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';
import { runMode } from './run-mode';
import { scorecardMode } from './scorecard-mode';

export { definition } from './inputs';

export const action = actionModule(definition, {
  main: async (ctx) => {
    if (ctx.inputs.mode === 'scorecard') return scorecardMode(ctx);
    // Loaded on demand: the forge client and prom-client are needed by fleet mode alone.
    if (ctx.inputs.mode === 'fleet') return (await import('./fleet-mode')).fleetMode(ctx);
    return runMode(ctx);
  },
});
