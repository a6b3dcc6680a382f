import type { KubeObject, ResourceType } from '../kube/index';
import type { SimContext } from './context';

/**
 * One controller of the simulator. A pass calls every controller in the simulator's order:
 * one with a `kind` once per object of that kind the cache holds (the object as the cache has it
 * then), one without once. A reconcile reads `ctx.cache` and awaits each of its writes through
 * `ctx.api` in a fixed order; it may throw, and a 409 conflict just means another pass (as a
 * requeue does in controller-runtime). Passes repeat at the same simulated instant until one
 * writes nothing.
 */
export type Controller = (
  | { name: string; kind: ResourceType; reconcile(ctx: SimContext, obj: KubeObject): Promise<void> }
  | { name: string; kind?: undefined; reconcile(ctx: SimContext): Promise<void> }
) & {
  /** One of ARC's controllers (in the controller manager's pod): none reconciles while it is down. */
  partOfManager?: boolean;
};
