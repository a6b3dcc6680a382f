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
export { type PushOptions, type PushReport, pushPaths } from './push-paths';
export { NEVER_PUSHED, newStorePaths, STORE_ENTRY, snapshotStore } from './store-snapshot';
export { StoreWatch, type StoreWatchOptions } from './store-watch';
export {
  type PathSource,
  type PushEvent,
  type StreamPushCounters,
  StreamPusher,
  type StreamPushOptions,
} from './stream-push';
export { UploadGraph } from './upload-graph';
