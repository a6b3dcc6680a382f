import { describeHealthy } from './healthy-suite';

describeHealthy('fake');
