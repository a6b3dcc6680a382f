import { defineErrorCodes } from '@gloriousflywheel/shared';

/** attic-setup's own stable error codes (besides the core ones): never rename one. */
export const errorCodes = defineErrorCodes('attic-setup', ['CACHE_UNREACHABLE']);

declare module '@gloriousflywheel/shared' {
  interface ActionErrorCodes extends Record<(typeof errorCodes.codes)[number], 'attic-setup'> {}
}
