import { describeInvariants } from './invariant-suite';

describeInvariants(2, 'real');
