export {
  AtticClient,
  type AtticClientOptions,
  hashPart,
  type NarStream,
  PREAMBLE_THRESHOLD,
  type StorePathInfo,
  type UploadOutcome,
} from './attic-client';
export {
  type AtticCacheConfig,
  type AtticProbeOptions,
  type AtticProbeResult,
  atticMessage,
  joinUrl,
  probeAtticCache,
} from './attic-probe';
export {
  type BazelProbeOptions,
  type BazelProbeResult,
  bazelAuthHeader,
  displayUrl,
  EMPTY_BLOB_SHA256,
  probeBazelRemote,
} from './bazel-probe';
export { toAtticNarHash } from './nar-hash';
export { NixStore, type NixStoreOptions, parsePathInfoJson } from './nix-store';
export { causeFromStatus, type ProbeFailure, type ProbeFailureCause } from './probe-result';
export { type PathSource, type PushOptions, type PushReport, pushPaths } from './push-paths';
export { newStorePaths, snapshotStore } from './store-snapshot';
