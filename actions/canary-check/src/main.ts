import { runEntryPoint } from '@gloriousflywheel/shared';
import { action } from './index';

await runEntryPoint(action);
