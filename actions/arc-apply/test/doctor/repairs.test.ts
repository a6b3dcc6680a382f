import { describeRepairRaces, describeRepairs } from './repairs-suite';

describeRepairs('fake');
describeRepairRaces('fake');
