import { describeRepairRaces } from './repairs-suite';

// A file of its own: each real-server test waits about 35 s for ages, and files run side by side.
describeRepairRaces('real');
