import { defineActionModule } from '@gloriousflywheel/shared';
import { definition } from './inputs';

export { definition } from './inputs';

// Each mode is its own chunk; only the apply mode has a post phase (its rollback).
export const action = defineActionModule(
  definition,
  {
    apply: () => import('./modes/apply'),
    restore: () => import('./modes/restore'),
    drift: () => import('./modes/drift'),
    audit: () => import('./modes/audit'),
    'warm-pool': () => import('./modes/warm-pool'),
    'warm-pool-plan': () => import('./modes/warm-pool-plan'),
    pause: () => import('./modes/pause'),
    resume: () => import('./modes/resume'),
    doctor: () => import('./modes/doctor'),
    upgrade: () => import('./modes/upgrade'),
  },
  {
    // The README's permissions table is generated from the verbs each mode checks.
    docs: { permissions: async () => (await import('./permissions-doc')).permissionsTable() },
  },
);
