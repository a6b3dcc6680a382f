import { runActionPhase } from '@gloriousflywheel/shared';
import { action } from './index';

await runActionPhase(action, 'post');
