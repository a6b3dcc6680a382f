import { defineActionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';

export { definition } from './inputs';

// Each mode is its own chunk: a run job never parses the YAML reader, the forge client or prom-client.
export const action = defineActionModule(definition, {
  run: () => import('./modes/run'),
  scorecard: () => import('./modes/scorecard'),
  fleet: () => import('./modes/fleet'),
  'alert-rules': () => import('./modes/alert-rules'),
});
