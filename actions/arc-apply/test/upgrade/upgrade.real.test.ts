import { describeUpgrade } from './upgrade-suite';

describeUpgrade('real');
