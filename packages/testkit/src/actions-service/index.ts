export { ActionsAuthority } from './auth';
export { FakeActionsService, type FakeActionsServiceOptions } from './fake-actions-service';
export type { QueueJobOptions } from './job-flow';
export type { JobRecord } from './jobs';
export { ActionsException, ActionsServiceState, type RunnerRecord, type ScaleSetRecord } from './state';
export { type RunnerReference, type RunnerScaleSet, type WireShape, wireErrors } from './wire';
