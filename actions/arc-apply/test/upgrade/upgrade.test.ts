import { describeUpgrade } from './upgrade-suite';

describeUpgrade('fake');
