import { describe, expect, it } from 'vitest';
import { assertGuard, guardViolations } from '../src/engine/guard';
import type { PlanJson, ResourceChange } from '../src/engine/plan-json';
import { parseVersion } from '../src/engine/version';

const frozenAt = new Date('2026-01-01T10:00:00Z');
const controllerVersion = parseVersion('0.14.2');

function arsChange(name: string, version: string | undefined, actions = ['update']): ResourceChange {
  const labels = version ? { 'app.kubernetes.io/version': version } : {};
  const m = {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: { name, labels },
    spec: { maxRunners: 3 },
  };
  return {
    address: `kubernetes_manifest.runner_set["${name}"]`,
    type: 'kubernetes_manifest',
    name: 'runner_set',
    index: name,
    change: { actions, before: { manifest: m }, after: { manifest: m } },
  };
}

function plan(...changes: ResourceChange[]): PlanJson {
  return { format_version: '1.2', timestamp: '2026-01-01T10:01:00Z', resource_changes: changes };
}

const base = {
  scope: ['nix', 'docker'],
  allow: [],
  protect: ['arc-controller', 'arc-crds', 'namespaces'],
  controllerVersion,
  frozenAt,
  madeByThisRun: true,
};

describe('plan guard', () => {
  it('passes a fresh plan that only changes scale sets in scope with the right version label', () => {
    expect(
      guardViolations({ ...base, plan: plan(arsChange('nix', '0.14.1'), arsChange('docker', '0.14.2')) }),
    ).toEqual([]);
  });

  it('rejects a stale plan', () => {
    const stale = { ...plan(arsChange('nix', '0.14.2')), timestamp: '2026-01-01T09:00:00Z' };
    expect(guardViolations({ ...base, plan: stale }).map((v) => v.rule)).toEqual(['stale']);
    expect(guardViolations({ ...base, madeByThisRun: false, plan: plan() }).map((v) => v.rule)).toEqual([
      'stale',
    ]);
  });

  it('rejects changes outside the scope unless allow-listed', () => {
    const other = arsChange('gpu', '0.14.2');
    const cm: ResourceChange = {
      address: 'kubernetes_config_map.x',
      type: 'kubernetes_config_map',
      name: 'x',
      change: { actions: ['update'], before: {}, after: {} },
    };
    const v = guardViolations({ ...base, plan: plan(other, cm) });
    expect(v.map((x) => [x.address, x.rule])).toEqual([
      ['kubernetes_manifest.runner_set["gpu"]', 'outside-scope'],
      ['kubernetes_config_map.x', 'outside-scope'],
    ]);
    expect(guardViolations({ ...base, allow: ['kubernetes_config_map.*'], plan: plan(cm) })).toEqual([]);
  });

  it('rejects deleting or replacing protected resources, with the offending address', () => {
    const ns: ResourceChange = {
      address: 'kubernetes_namespace.runners',
      type: 'kubernetes_namespace',
      name: 'runners',
      change: { actions: ['delete', 'create'], before: {}, after: {} },
    };
    const crd: ResourceChange = {
      address: 'kubernetes_manifest.crd["ars"]',
      type: 'kubernetes_manifest',
      name: 'crd',
      change: {
        actions: ['delete'],
        before: {
          manifest: {
            kind: 'CustomResourceDefinition',
            metadata: { name: 'autoscalingrunnersets.actions.github.com' },
          },
        },
        after: null,
      },
    };
    const controller: ResourceChange = {
      address: 'helm_release.arc',
      type: 'helm_release',
      name: 'arc',
      change: {
        actions: ['delete'],
        before: {
          name: 'arc',
          chart: 'oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller',
        },
        after: null,
      },
    };
    const v = guardViolations({ ...base, allow: ['*'], plan: plan(ns, crd, controller) });
    expect(v.map((x) => [x.address, x.rule])).toEqual([
      ['kubernetes_namespace.runners', 'protected'],
      ['kubernetes_manifest.crd["ars"]', 'protected'],
      ['helm_release.arc', 'protected'],
    ]);
    // An update of the same resources is fine; so is deleting with the keyword removed.
    expect(guardViolations({ ...base, allow: ['*'], protect: [], plan: plan(ns) })).toEqual([]);
  });

  it('rejects an ARS whose version label is missing, of another minor version or v-prefixed', () => {
    const v = guardViolations({
      ...base,
      scope: ['nix', 'docker', 'dind'],
      plan: plan(arsChange('nix', '0.13.1'), arsChange('docker', undefined), arsChange('dind', 'v0.14.2')),
    });
    // The controller's gate reads `v0.14.2` as no version at all and deletes the set (version.go).
    expect(v.map((x) => [x.address, x.rule])).toEqual([
      ['kubernetes_manifest.runner_set["nix"]', 'version-label'],
      ['kubernetes_manifest.runner_set["docker"]', 'version-label'],
      ['kubernetes_manifest.runner_set["dind"]', 'version-label'],
    ]);
    expect(v[1]!.detail).toMatch(/missing/);
  });

  it('throws PLAN_GUARD_REJECTED listing every address', () => {
    expect(() => assertGuard({ ...base, plan: plan(arsChange('gpu', '0.12.0')) })).toThrowError(
      /runner_set\["gpu"\]: outside-scope[\s\S]*version-label/,
    );
  });
});
