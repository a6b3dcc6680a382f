import { describeScenarios } from './scenario-suite';

describeScenarios('real');
