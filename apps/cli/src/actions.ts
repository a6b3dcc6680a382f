import { action as arcApply } from '@gloriousflywheel/arc-apply';
import { action as atticSetup } from '@gloriousflywheel/attic-setup';
import { action as benchmark } from '@gloriousflywheel/benchmark';
import { action as canaryCheck } from '@gloriousflywheel/canary-check';
import type { ActionModule } from '@gloriousflywheel/shared';

/** Every action the CLI can run, in the order --help lists them. */
export const allActions: readonly ActionModule[] = [
  atticSetup,
  benchmark,
  canaryCheck,
  arcApply,
] as ActionModule[];
