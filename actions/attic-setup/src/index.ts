import { defineActionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';
import { runUploaderIfAsked } from './uploader/entry';

export { definition } from './inputs';

// The detached uploader is this same script started again (uploader/spawn.ts): it stops here.
await runUploaderIfAsked();

export const action = defineActionModule(definition, {
  setup: () => import('./modes/setup'),
  report: () => import('./modes/report'),
});
