import { describeHealthy } from './healthy-suite';

describeHealthy('real');
