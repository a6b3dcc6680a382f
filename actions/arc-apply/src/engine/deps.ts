import type { ClusterGateway } from '../kube/gateway';
import type { Clock } from './clock';
import type { Namespaces } from './fleet';

/** The part of the platform logger the engine uses (the action passes ctx.log). */
export interface EngineLog {
  info(message: string): void;
  warning(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface EngineDeps {
  gw: ClusterGateway;
  clock: Clock;
  log: EngineLog;
  ns: Namespaces;
  /** How often waits poll the cluster. */
  pollMs: number;
}

export const quietLog: EngineLog = {
  info: () => {},
  warning: () => {},
  group: (_title, fn) => fn(),
};
