export { controllerExposition } from './controller-metrics';
export { ARC_RUNTIME_BUCKETS, listenerExposition } from './listener-metrics';
export { ArcMetricsServer, type ArcMetricsServerOptions, type ScrapeJob } from './metrics-server';
export { SimulatedNodeCpu } from './node-metrics';
export {
  type ArcMetricsState,
  configUrlLabels,
  type JobState,
  type ListenerState,
  type RunnerSetState,
  type RunnerState,
  simulatorState,
} from './scale-set-state';
