export { type ArcBinaries, arcBinaries, arcUpgradeFrom } from './arc-binaries';
export {
  type ArcFleet,
  type ArcFleetOptions,
  FLEET_CONTROLLER,
  FLEET_RUNNERS,
  type FleetScaleSet,
  startArcFleet,
} from './arc-fleet';
export { type ListenerConfig, type ListenerProcess, startListenerBinary } from './listener-binary';
export { startManagerBinary } from './manager-binary';
export { type ArcRelease, ManagerDeployment } from './manager-deployment';
export { type KilledJob, ProcessKubelet, type ProcessKubeletOptions } from './process-kubelet';
export type { SupervisedProcess } from './supervised-process';
