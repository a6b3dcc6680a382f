export type { RbacRule } from '../kube/index';
export { SimClock } from './clock';
export {
  FAST_REAL_TIME_TIMINGS,
  type SimulatedCluster,
  type SimulatedClusterOptions,
  type StoreView,
  startSimulatedCluster,
} from './cluster';
export {
  ANNOTATION,
  type ArcMinor,
  DEFAULT_PATCH,
  FINALIZER,
  KIND,
  LABEL,
  type UpdateStrategy,
} from './constants';
export type { SimTimings } from './context';
export {
  type ControllerReplacement,
  type ControllerUpgradeOptions,
  PROGRESS_DEADLINE_MS,
  replicaSetName,
} from './controller-upgrade';
export { REASON_INVALID_POD } from './controllers/pod-refusal';
export {
  DEMO_JOBS,
  DEMO_SCALE_SETS,
  demoFleet,
  type FleetStatusRow,
  fleetStatus,
  formatFleetStatus,
  populateDemoFleet,
} from './demo-fleet';
export { CONTROLLER_DEPLOYMENT, controllerDeployment } from './deployment';
export type { SimJob } from './github';
export { listenerName } from './hash';
export { watchJobsKilled } from './jobs-killed';
export type { ScaleSetOptions } from './scale-set';
export { TOO_MANY_PODS } from './sick-runners';
export { ArcSimulator, type EnqueueJobOptions, type SettleResult } from './simulator';
export type { PileUpOptions } from './utility-pods';
