import { defineActionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';

export { definition } from './inputs';

export const action = defineActionModule(definition, { default: () => import('./modes/setup') });
