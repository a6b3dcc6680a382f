import { defineActionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';

export { definition } from './inputs';

export const action = defineActionModule(definition, {
  outside: () => import('./modes/outside'),
  inside: () => import('./modes/inside'),
  both: () => import('./modes/both'),
});
