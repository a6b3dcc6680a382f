import { actionModule } from '@gloriousflywheel/shared';
import { main, post } from './action';
import { definition } from './inputs';

export const action = actionModule(definition, { main: (ctx) => main(ctx), post: (ctx) => post(ctx) });
export * from './engine/index';
export { definition };
