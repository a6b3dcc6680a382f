export {
  REPLAY_TIMINGS,
  type ReplayedJob,
  type ReplayJob,
  type ReplayOptions,
  type ReplayResult,
  type ReplayScaleSet,
  replayTrace,
} from './replay';
export type { RunnerUsage } from './runner-meter';
