import { actionModule } from '@gloriousflywheel/shared';
import { canaryMain } from './canary';
import { definition } from './inputs';

export const action = actionModule(definition, { main: canaryMain });
export { definition } from './inputs';
