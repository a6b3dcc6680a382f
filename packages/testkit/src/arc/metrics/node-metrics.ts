import { Counter, Registry } from 'prom-client';

/**
 * A node's CPU counters as node_exporter names them (`node_cpu_seconds_total{cpu, mode}`, seconds
 * per CPU and mode since boot): the cluster's nodes are simulated, so their counters advance with
 * the wall clock at a set busy share, and `rate()` over them gives that utilisation back.
 */
export class SimulatedNodeCpu {
  private readonly since = Date.now();

  constructor(
    readonly node: string,
    readonly cpus: number,
    /** Share of time not idle, 0–1. */
    public busy: number,
  ) {}

  async exposition(now = Date.now()): Promise<string> {
    const registry = new Registry();
    const counter = new Counter({
      name: 'node_cpu_seconds_total',
      help: 'Seconds the CPUs spent in each mode.',
      labelNames: ['cpu', 'mode'],
      registers: [registry],
    });
    const elapsed = (now - this.since) / 1000;
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      counter.inc({ cpu: String(cpu), mode: 'idle' }, elapsed * (1 - this.busy));
      counter.inc({ cpu: String(cpu), mode: 'user' }, elapsed * this.busy * 0.8);
      counter.inc({ cpu: String(cpu), mode: 'system' }, elapsed * this.busy * 0.2);
    }
    return registry.metrics();
  }
}
