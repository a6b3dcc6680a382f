export {
  ARC_CRD_FILES,
  type ArcCrdRelease,
  type ArcCrds,
  arcCrds,
  arcMirror,
} from './arc-crd-releases';
export { installArcCrdObjects, replaceArcCrdObjects } from './crd-objects';
export type { PropagationPolicy } from './deletion';
export { kubeFaults } from './faults';
export { type KubeconfigOptions, kubeconfigYaml, writeKubeconfig } from './kubeconfig';
export { deepEqual } from './patch';
export type { PodProxyHandler, ProxiedAnswer } from './pod-proxy';
export { adminIdentity, type Identity, type RbacRule, type RequestAttributes } from './rbac';
export {
  ARC_GROUP,
  ARC_VERSION,
  apiVersionOf,
  findResource,
  qualifiedName,
  RESOURCE_TYPES,
  resourceByKind,
} from './resources';
export { parseRoute, type Route } from './routes';
export { type LabelSelector, matchesLabels, parseLabelSelector } from './selectors';
export { KubeApiServer, type KubeApiServerOptions } from './server';
export { failure, StatusError, statusErrors } from './status';
export {
  type DeleteOptions,
  type FieldValidation,
  KubeStore,
  type PatchType,
  type StoreOptions,
  type WriteOptions,
} from './store';
export { kubeTimestamp, seededRandom } from './time';
export type { KubeObject, KubeStatus, ObjectMeta, OwnerReference, ResourceType, StoreEvent } from './types';
export { CRD_DIR, crdValidationUnavailable } from './validation';
