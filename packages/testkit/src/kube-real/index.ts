export { realKubeUnavailable, TESTBED_BINARY } from './binary';
export { ARC_CRD_DIR, type CrdLoad, loadArcCrds } from './crds';
export { compactEtcd } from './etcd';
export { ADMIN_USER, CONTROLLER_USER, type RealIdentity } from './identities';
export { type RealKubeconfigOptions, realKubeconfigYaml } from './kubeconfig';
export { type RealKube, type RealKubeOptions, startRealKube } from './server';
export { waitUntil } from './wait';
