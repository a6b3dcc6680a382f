import { defineErrorCodes } from '@gloriousflywheel/shared';

/** benchmark's own stable error codes (besides the core ones): never rename one. */
export const errorCodes = defineErrorCodes('benchmark', [
  'REGRESSION',
  'KPI_FAILED',
  'RESULT_INVALID',
  // The Pushgateway gave no answer (its HTTP errors stay PUSH_FAILED).
  'PUSHGATEWAY_UNREACHABLE',
  // The scorecard gate found no result younger than max-age.
  'DATA_STALE',
]);

declare module '@gloriousflywheel/shared' {
  interface ActionErrorCodes extends Record<(typeof errorCodes.codes)[number], 'benchmark'> {}
}
