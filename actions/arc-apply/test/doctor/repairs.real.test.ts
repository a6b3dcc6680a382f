import { describeRepairs } from './repairs-suite';

describeRepairs('real');
