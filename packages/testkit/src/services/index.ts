/**
 * Real Prometheus and Pushgateway servers for tests (the Debian binaries). Where a binary is
 * missing the tests that need it skip with the reason; in CI tests/setup/ci-prerequisites fails instead.
 */
export {
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  type PrometheusOptions,
  prometheusMissing,
  prometheusMissingReason,
  type RunningPrometheus,
  type ScrapeJob,
  startPrometheus,
} from './prometheus';
export {
  PUSHGATEWAY_BIN,
  pushgatewayMissing,
  pushgatewayMissingReason,
  startPushgateway,
} from './pushgateway';
export { stopChild } from './stop-child';
export { freePort, waitFor, waitReady } from './wait';
