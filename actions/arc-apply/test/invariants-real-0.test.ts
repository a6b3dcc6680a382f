import { describeInvariants } from './invariant-suite';

describeInvariants(0, 'real');
