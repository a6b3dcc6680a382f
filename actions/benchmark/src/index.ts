import { actionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';
import { runMode } from './run-mode';

export { definition } from './inputs';

export const action = actionModule(definition, {
  main: async (ctx) => {
    // The other modes are loaded on demand: a run job should not parse the YAML reader, the forge
    // client or prom-client at every start.
    if (ctx.inputs.mode === 'scorecard') return (await import('./scorecard-mode')).scorecardMode(ctx);
    if (ctx.inputs.mode === 'fleet') return (await import('./fleet-mode')).fleetMode(ctx);
    return runMode(ctx);
  },
});
