import { describeScenarios } from './scenario-suite';

describeScenarios('fake');
