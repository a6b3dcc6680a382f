import { describeFindings } from './findings-suite';

describeFindings('real');
