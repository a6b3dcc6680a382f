import { describeInvariants } from './invariant-suite';

describeInvariants(1, 'real');
