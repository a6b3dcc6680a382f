import { defineActionModule } from '@gloriousflywheel/shared';
import { main, post } from './action';
import { definition } from './inputs';

export * from './engine/index';
export { definition };

// Transitional: every mode still runs through action.ts until its body moves to modes/<mode>.ts.
const viaAction = async () => ({ main, post });
export const action = defineActionModule(definition, {
  apply: viaAction,
  restore: viaAction,
  drift: viaAction,
  audit: viaAction,
  'warm-pool': viaAction,
});
