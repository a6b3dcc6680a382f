export { fromNixBase32, toNixBase32 } from './base32';
export { NixDaemon } from './daemon';
export { findNixStore, NixTestEnv, nixAvailable, nixMissingReason, type ProcessOutcome } from './environment';
export { fakeStorePath, narHashBase32, narOfFile, storePathHash } from './nar';
export {
  fingerprint,
  generateSigningKey,
  type NixSigningKey,
  secretKeyText,
  signFingerprint,
  verifySignature,
} from './signing';
