export { type PrometheusAuth, PrometheusClient, type PromSeries } from './client';
