import { actionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';
import { runMain } from './main-phase';
import { runPost } from './post-phase';

export { definition } from './inputs';

export const action = actionModule(definition, {
  main: (ctx) => runMain(ctx),
  post: (ctx) => runPost(ctx),
});
