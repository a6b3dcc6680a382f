import type { ArcApplyInputs } from './engine/config';
import { type AccessPurpose, requiredAccess } from './engine/preflight';
import type { AccessCheck } from './kube/gateway';

type Mode = ArcApplyInputs['mode'];

/** The verbs each mode uses, as `requiredAccess` names them for its purpose. */
export const MODE_ACCESS: Record<Mode, AccessPurpose> = {
  apply: 'apply',
  pause: 'pause',
  resume: 'resume',
  restore: 'restore',
  'warm-pool': 'warm-pool',
  // Reads the live caps only when the targets do not give them.
  'warm-pool-plan': 'read',
  drift: 'read',
  audit: 'read',
  doctor: 'doctor',
  upgrade: 'upgrade',
};

const NS = { runners: '<runners>', controller: '<controller>' };

/** `get/list/patch \`autoscalingrunnersets\`, …`: one entry per resource, its verbs in order. */
function verbsIn(checks: AccessCheck[], namespace: string): string {
  const byResource = new Map<string, string[]>();
  for (const c of checks.filter((x) => x.namespace === namespace)) {
    const verbs = byResource.get(c.resource) ?? [];
    if (!verbs.includes(c.verb)) verbs.push(c.verb);
    byResource.set(c.resource, verbs);
  }
  return [...byResource].map(([resource, verbs]) => `${verbs.join('/')} \`${resource}\``).join(', ') || '–';
}

/** The README's permissions table, from `requiredAccess`: what each mode needs, per namespace. */
export async function permissionsTable(): Promise<string> {
  const rows: [string, AccessPurpose][] = [
    ...Object.entries(MODE_ACCESS).map(([mode, purpose]): [string, AccessPurpose] => [
      `\`${mode}\``,
      purpose,
    ]),
    ['any mode with `dry-run: true`', 'read'],
  ];
  return [
    '| mode | in the runners namespace | in the controller namespace | cluster-scoped |',
    '| --- | --- | --- | --- |',
    ...rows.map(([label, purpose]) => {
      const checks = requiredAccess(NS, purpose);
      return `| ${label} | ${verbsIn(checks, NS.runners)} | ${verbsIn(checks, NS.controller)} | ${verbsIn(checks, '')} |`;
    }),
  ].join('\n');
}
