import { arcVersionGateAllows, FlywheelError } from '@gloriousflywheel/shared';
import { VERSION_LABEL } from '../kube/types';
import {
  isDestructive,
  isMutation,
  manifestOf,
  type PlanJson,
  type ResourceChange,
  scaleSetsOfChange,
} from './plan-json';
import type { SemVer } from './version';

export interface GuardInput {
  plan: PlanJson;
  /** Scale-set names in scope: changes to them are allowed. */
  scope: string[];
  /** Address globs allowed besides the scope (`*` matches anything). */
  allow: string[];
  /** Address globs or the keywords `arc-controller`, `arc-crds`, `namespaces`. */
  protect: string[];
  controllerVersion: SemVer | undefined;
  /** Wall time of the freeze; a plan stamped earlier is stale. */
  frozenAt: Date;
  /** Whether this run wrote the plan file after the freeze. */
  madeByThisRun: boolean;
}

export interface GuardViolation {
  address: string;
  rule: 'stale' | 'outside-scope' | 'protected' | 'version-label';
  detail: string;
}

export function globToRegex(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function sides(c: ResourceChange): Record<string, unknown>[] {
  return [c.change.before, c.change.after].filter(
    (v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v),
  );
}

/** The ARC controller's release (its Helm chart) or its Deployment as a manifest. */
export function isControllerChange(c: ResourceChange): boolean {
  return sides(c).some(
    (v) =>
      (typeof v['chart'] === 'string' && /gha-runner-scale-set-controller$/.test(v['chart'] as string)) ||
      (manifestOf(v).kind === 'Deployment' && /gha-rs-controller/.test(manifestOf(v).name ?? '')),
  );
}

function isProtected(c: ResourceChange, entry: string): boolean {
  if (entry === 'arc-controller') return isControllerChange(c);
  if (entry === 'arc-crds') {
    return (
      c.type === 'kubernetes_custom_resource_definition' ||
      sides(c).some(
        (v) =>
          manifestOf(v).kind === 'CustomResourceDefinition' &&
          /actions\.github\.com$/.test(manifestOf(v).name ?? ''),
      )
    );
  }
  if (entry === 'namespaces') {
    return (
      /^kubernetes_namespace(_v1)?$/.test(c.type) || sides(c).some((v) => manifestOf(v).kind === 'Namespace')
    );
  }
  return globToRegex(entry).test(c.address);
}

/** The version an ARS would carry after the change: its label, or the scale-set chart's version. */
export function appliedArsVersion(c: ResourceChange): { applies: boolean; value?: string } {
  const after = c.change.after as Record<string, unknown> | null;
  if (!after || typeof after !== 'object') return { applies: false };
  const m = manifestOf(after);
  if (m.kind === 'AutoscalingRunnerSet') return { applies: true, value: m.labels?.[VERSION_LABEL] };
  if (typeof after['chart'] === 'string' && /gha-runner-scale-set$/.test(after['chart'] as string)) {
    return { applies: true, value: after['version'] as string | undefined };
  }
  return { applies: false };
}

/** Every rule the plan breaks; empty means it may be applied. */
export function guardViolations(input: GuardInput): GuardViolation[] {
  const out: GuardViolation[] = [];
  if (!input.madeByThisRun) {
    out.push({
      address: '(plan)',
      rule: 'stale',
      detail: 'the plan file was not made by this run after the freeze',
    });
  }
  const stamped = input.plan.timestamp ? Date.parse(input.plan.timestamp) : Number.NaN;
  if (Number.isFinite(stamped) && stamped < input.frozenAt.getTime() - 1000) {
    out.push({
      address: '(plan)',
      rule: 'stale',
      detail: `plan stamped ${input.plan.timestamp}, before the freeze`,
    });
  }
  const scope = new Set(input.scope);
  const allow = input.allow.map(globToRegex);
  for (const c of input.plan.resource_changes) {
    if (!isMutation(c)) continue;
    const sets = scaleSetsOfChange(c);
    const inScope = sets.length > 0 && sets.every((s) => scope.has(s));
    if (!inScope && !allow.some((re) => re.test(c.address))) {
      out.push({
        address: c.address,
        rule: 'outside-scope',
        detail: sets.length
          ? `touches scale sets not in scope: ${sets.filter((s) => !scope.has(s)).join(', ')}`
          : 'not a scale set in scope and not in the allow-list',
      });
    }
    if (isDestructive(c)) {
      const hit = input.protect.find((p) => isProtected(c, p));
      if (hit) {
        out.push({
          address: c.address,
          rule: 'protected',
          detail: `${c.change.actions.join('+')} of a protected resource (${hit})`,
        });
      }
    }
    const version = appliedArsVersion(c);
    if (
      version.applies &&
      !(input.controllerVersion && arcVersionGateAllows(version.value, fmt(input.controllerVersion)))
    ) {
      out.push({
        address: c.address,
        rule: 'version-label',
        detail: `${VERSION_LABEL} would be ${version.value ?? 'missing'}; the controller is ${fmt(input.controllerVersion)} and deletes an ARS of another minor version`,
      });
    }
  }
  return out;
}

function fmt(v: SemVer | undefined): string {
  return v ? `${v.major}.${v.minor}.${v.patch}` : 'of unknown version';
}

export function assertGuard(input: GuardInput): void {
  const violations = guardViolations(input);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `${v.address}: ${v.rule}: ${v.detail}`);
  // A controller or chart version change is the upgrade pipeline's job, never an apply's.
  const upgrade =
    violations.some((v) => v.rule === 'version-label') ||
    input.plan.resource_changes.some((c) => isMutation(c) && isControllerChange(c));
  throw new FlywheelError('PLAN_GUARD_REJECTED', `the plan was rejected:\n${lines.join('\n')}`, {
    hint: upgrade
      ? 'Nothing was applied. The plan changes the ARC controller or chart version: run arc-apply with mode: upgrade.'
      : 'Nothing was applied. Fix the configuration or widen scale-sets / allow-addresses deliberately.',
    details: { violations },
  });
}
