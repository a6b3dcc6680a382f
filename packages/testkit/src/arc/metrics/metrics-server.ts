import { FakeHttpServer, sendText } from '../../http/fake-server';
import type { PodProxyHandler } from '../../kube/index';
import { controllerExposition } from './controller-metrics';
import { listenerExposition } from './listener-metrics';
import { SimulatedNodeCpu } from './node-metrics';
import type { ArcMetricsState } from './scale-set-state';

/** Prometheus' text exposition format, as client_golang's promhttp answers by default. */
const TEXT = 'text/plain; version=0.0.4; charset=utf-8';

export interface ArcMetricsServerOptions {
  /** Nodes and their CPU busy share (default: the platform's three, half busy). */
  nodes?: { name: string; cpus: number; busy: number }[];
}

/** A Prometheus scrape job for this server, as `prometheus.yml` writes it. */
export interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}

/**
 * The simulated cluster's metrics endpoints on 127.0.0.1, what a Prometheus inside the cluster
 * would scrape: each listener pod's `/metrics` (here `/listeners/<namespace>/<name>/metrics`;
 * 503 while its pod is not running, which Prometheus records as `up == 0`), the controller's
 * (`/controller/metrics`) and each node's node_exporter (`/nodes/<name>/metrics`).
 */
export class ArcMetricsServer extends FakeHttpServer {
  readonly nodes: Map<string, SimulatedNodeCpu>;

  constructor(
    private readonly state: ArcMetricsState,
    options: ArcMetricsServerOptions = {},
  ) {
    const holder: { self?: ArcMetricsServer } = {};
    super((req, res, url) => holder.self!.serve(req.method ?? 'GET', res, url));
    holder.self = this;
    const nodes = options.nodes ?? [
      { name: 'honey', cpus: 8, busy: 0.5 },
      { name: 'bumble', cpus: 8, busy: 0.5 },
      { name: 'sting', cpus: 16, busy: 0.5 },
    ];
    this.nodes = new Map(nodes.map((n) => [n.name, new SimulatedNodeCpu(n.name, n.cpus, n.busy)]));
  }

  /**
   * The listener pods as the Kubernetes API server's pods/proxy reaches them: a listener pod
   * answers `/metrics` on its metrics port (ARC's default `--listener-metrics-addr` is :8080);
   * register it with `KubeApiServer.addPodProxy`.
   */
  podProxy(port = 8080): PodProxyHandler {
    return async (pod, path) => {
      const l = this.state.listeners().find((x) => x.namespace === pod.namespace && x.name === pod.name);
      if (!l?.running || (pod.port ?? port) !== port) return undefined;
      if (path !== '/metrics')
        return { status: 404, body: '404 page not found\n', contentType: 'text/plain' };
      return { status: 200, body: await listenerExposition(this.state, l), contentType: TEXT };
    };
  }

  /** The path a listener's metrics are served on. */
  listenerPath(namespace: string, name: string): string {
    return `/listeners/${namespace}/${name}/metrics`;
  }

  /** Scrape jobs for every listener that exists now, the controller and the nodes. */
  scrapeJobs(): ScrapeJob[] {
    const host = new URL(this.url).host;
    return [
      {
        job_name: 'arc-listeners',
        // One target per listener pod: the path stands in for the pod's address.
        static_configs: this.state.listeners().map((l) => ({
          targets: [host],
          labels: { __metrics_path__: this.listenerPath(l.namespace, l.name), pod: l.name },
        })),
      },
      {
        job_name: 'arc-controller',
        metrics_path: '/controller/metrics',
        static_configs: [{ targets: [host] }],
      },
      {
        job_name: 'node',
        static_configs: [...this.nodes.keys()].map((node) => ({
          targets: [host],
          labels: { __metrics_path__: `/nodes/${node}/metrics`, node },
        })),
      },
    ];
  }

  private async serve(method: string, res: Parameters<typeof sendText>[0], url: URL): Promise<void> {
    if (method !== 'GET') return sendText(res, 405, 'method not allowed\n');
    const listener = url.pathname.match(/^\/listeners\/([^/]+)\/([^/]+)\/metrics$/);
    if (listener) {
      const l = this.state.listeners().find((x) => x.namespace === listener[1] && x.name === listener[2]);
      if (!l) return sendText(res, 404, 'no such listener\n');
      if (!l.running) return sendText(res, 503, 'listener pod is not running\n');
      return sendText(res, 200, await listenerExposition(this.state, l), { 'content-type': TEXT });
    }
    if (url.pathname === '/controller/metrics') {
      return sendText(res, 200, await controllerExposition(this.state), { 'content-type': TEXT });
    }
    const node = url.pathname.match(/^\/nodes\/([^/]+)\/metrics$/);
    const cpu = node ? this.nodes.get(node[1]!) : undefined;
    if (cpu) return sendText(res, 200, await cpu.exposition(), { 'content-type': TEXT });
    sendText(res, 404, 'not found\n');
  }
}
