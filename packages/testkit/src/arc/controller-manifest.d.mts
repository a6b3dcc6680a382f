/** Types of controller-manifest.mjs (plain JavaScript so the tofu stand-in can import it). */

export declare const CONTROLLER_DEPLOYMENT: 'arc-gha-rs-controller';

type Labels = Record<string, string>;

export interface ControllerDeploymentManifest {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: { name: string; labels: Labels };
  spec: {
    replicas: number;
    selector: { matchLabels: Labels };
    template: {
      metadata: { labels: Labels };
      spec: {
        serviceAccountName: string;
        containers: {
          name: string;
          image: string;
          imagePullPolicy: string;
          command: string[];
          args: string[];
          env: (
            | { name: string; value: string }
            | { name: string; valueFrom: { fieldRef: { fieldPath: string } } }
          )[];
        }[];
      };
    };
  };
}

export declare function controllerDeployment(
  version: string,
  strategy: 'immediate' | 'eventual',
  namespace: string,
): ControllerDeploymentManifest;
