import { FlywheelError } from '@gloriousflywheel/shared';

/** The documented `tofu show -json` plan representation, the part the guard reads. */
export interface ResourceChange {
  address: string;
  module_address?: string;
  mode?: string;
  type: string;
  name: string;
  index?: string | number;
  change: { actions: string[]; before: unknown; after: unknown };
}

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  timestamp?: string;
  resource_changes: ResourceChange[];
}

export function parsePlanJson(text: string): PlanJson {
  let value: Partial<PlanJson>;
  try {
    value = JSON.parse(text) as Partial<PlanJson>;
  } catch (error) {
    throw new FlywheelError('PLAN_FAILED', 'tofu show -json did not print JSON', { cause: error });
  }
  if (typeof value?.format_version !== 'string') {
    throw new FlywheelError('PLAN_FAILED', 'the plan JSON has no format_version: not a plan representation');
  }
  const changes = value.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new FlywheelError('PLAN_FAILED', 'resource_changes is not an array');
  for (const c of changes) {
    if (typeof c?.address !== 'string' || !Array.isArray(c?.change?.actions)) {
      throw new FlywheelError(
        'PLAN_FAILED',
        `a resource change lacks address or change.actions: ${JSON.stringify(c).slice(0, 200)}`,
      );
    }
  }
  return { ...value, format_version: value.format_version, resource_changes: changes };
}

/** A change that does something (not no-op or read). */
export function isMutation(c: ResourceChange): boolean {
  return c.change.actions.some((a) => a === 'create' || a === 'update' || a === 'delete');
}

export function isDestructive(c: ResourceChange): boolean {
  return c.change.actions.includes('delete');
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The Kubernetes object a change describes, for kubernetes_manifest-style resources. */
export function manifestOf(value: unknown): {
  kind?: string;
  name?: string;
  labels?: Record<string, string>;
} {
  const v = obj(value);
  const manifest =
    obj(v?.['manifest']) ?? obj(v?.['object']) ?? (typeof v?.['kind'] === 'string' ? v : undefined);
  const meta = obj(manifest?.['metadata']) ?? obj((v?.['metadata'] as unknown[] | undefined)?.[0]);
  return {
    kind: manifest?.['kind'] as string | undefined,
    name: meta?.['name'] as string | undefined,
    labels: obj(meta?.['labels']) as Record<string, string> | undefined,
  };
}

/** The scale-set names a change touches: its for_each key, its manifest name, its release name. */
export function scaleSetsOfChange(c: ResourceChange): string[] {
  const names = new Set<string>();
  if (typeof c.index === 'string') names.add(c.index);
  const keyInAddress = c.address.match(/\["([^"]+)"\]/g) ?? [];
  for (const k of keyInAddress) names.add(k.slice(2, -2));
  for (const side of [c.change.before, c.change.after]) {
    const m = manifestOf(side);
    if (m.kind === 'AutoscalingRunnerSet' && m.name) names.add(m.name);
    const release = obj(side);
    if (typeof release?.['chart'] === 'string' && /gha-runner-scale-set$/.test(release['chart'] as string)) {
      if (typeof release['name'] === 'string') names.add(release['name'] as string);
    }
  }
  return [...names];
}
