export {
  type BazelRemoteCounters,
  EMPTY_SHA256,
  FakeBazelRemote,
  type FakeBazelRemoteOptions,
} from './fake-bazel-remote';
