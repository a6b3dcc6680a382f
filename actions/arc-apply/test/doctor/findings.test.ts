import { describeFindings } from './findings-suite';

describeFindings('fake');
