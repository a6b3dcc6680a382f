import { describeInvariants } from './invariant-suite';

describeInvariants(3, 'real');
