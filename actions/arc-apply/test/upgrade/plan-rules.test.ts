import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlywheelError } from '@gloriousflywheel/shared';
import { describe, expect, it } from 'vitest';
import type { PlanJson, ResourceChange } from '../../src/engine/plan-json';
import { assertStepPlan, releasesOf } from '../../src/upgrade/releases';
import { checkDirection, targetVersion } from '../../src/upgrade/versions';
import { notReady } from '../../src/upgrade/waits';

function setChange(name: string, version: string, actions: string[]): ResourceChange {
  const manifest = {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: { name, labels: { 'app.kubernetes.io/version': version } },
    spec: { maxRunners: 3 },
  };
  const deleting = actions.includes('delete');
  return {
    address: `kubernetes_manifest.runner_set["${name}"]`,
    type: 'kubernetes_manifest',
    name: 'runner_set',
    index: name,
    change: {
      actions,
      before: actions.includes('create') ? null : { manifest },
      after: deleting ? null : { manifest },
    },
  };
}

function controllerChange(version: string, actions: string[]): ResourceChange {
  const release = {
    name: 'arc',
    namespace: 'arc-systems',
    chart: 'gha-runner-scale-set-controller',
    version,
  };
  return {
    address: 'helm_release.arc_controller',
    type: 'helm_release',
    name: 'arc_controller',
    change: {
      actions,
      before: actions.includes('create') ? null : release,
      after: actions.includes('delete') ? null : release,
    },
  };
}

const plan = (...changes: ResourceChange[]): PlanJson => ({
  format_version: '1.2',
  resource_changes: changes,
});
const rejected = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('expected a rejection');
};

describe('upgrade: the releases a plan names', () => {
  it('finds the controller release and every scale set, whatever their actions', () => {
    const r = releasesOf(
      plan(
        controllerChange('0.14.2', ['update']),
        setChange('nix', '0.14.2', ['update']),
        setChange('docker', '0.14.2', ['no-op']),
      ),
    );
    expect(r.controller).toBe('helm_release.arc_controller');
    expect([...r.sets]).toEqual([
      ['nix', 'kubernetes_manifest.runner_set["nix"]'],
      ['docker', 'kubernetes_manifest.runner_set["docker"]'],
    ]);
  });

  it('refuses a stack without a controller release', () => {
    expect(rejected(() => releasesOf(plan(setChange('nix', '0.14.2', ['update'])))).code).toBe(
      'UPGRADE_REFUSED',
    );
  });
});

describe('upgrade: each tofu step may only do its own change', () => {
  const sets = new Set(['kubernetes_manifest.runner_set["nix"]']);
  it('passes the removal of the recorded sets', () => {
    expect(
      assertStepPlan(plan(setChange('nix', '0.13.1', ['delete'])), {
        step: 'remove-sets',
        addresses: sets,
        actions: new Set(['delete']),
      }),
    ).toHaveLength(1);
  });

  it('refuses a removal plan that also touches the controller or another resource', () => {
    const error = rejected(() =>
      assertStepPlan(
        plan(setChange('nix', '0.13.1', ['delete']), controllerChange('0.13.1', ['delete']), {
          address: 'kubernetes_namespace.arc_runners',
          type: 'kubernetes_namespace',
          name: 'arc_runners',
          change: { actions: ['delete'], before: {}, after: null },
        }),
        { step: 'remove-sets', addresses: sets, actions: new Set(['delete']) },
      ),
    );
    expect(error.code).toBe('PLAN_GUARD_REJECTED');
    expect(error.message).toContain('helm_release.arc_controller: not part of remove-sets');
    expect(error.message).toContain('kubernetes_namespace.arc_runners: not part of remove-sets');
  });

  it('refuses an action the step is not for (a replace where a create was planned)', () => {
    const error = rejected(() =>
      assertStepPlan(plan(controllerChange('0.14.2', ['delete', 'create'])), {
        step: 'install-controller',
        addresses: new Set(['helm_release.arc_controller']),
        actions: new Set(['create']),
      }),
    );
    expect(error.message).toContain('delete+create is not what install-controller does');
  });

  it('refuses a reinstall at a chart version the new controller would delete (the version gate)', () => {
    const error = rejected(() =>
      assertStepPlan(
        plan(setChange('nix', '0.13.1', ['create']), setChange('new-lane', '0.14.2', ['create'])),
        {
          step: 'reinstall-sets',
          addresses: sets,
          anyScaleSet: true,
          actions: new Set(['create', 'update']),
          setVersion: '0.14.2',
        },
      ),
    );
    expect(error.message).toContain('runner_set["nix"]: chart version 0.13.1, the controller will be 0.14.2');
    // A set the var files add is part of the reinstall.
    expect(error.message).not.toContain('new-lane');
  });
});

describe('upgrade: versions', () => {
  it('reads the target from the var files (later files win) unless the input names one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upgrade-versions-'));
    writeFileSync(join(dir, 'a.tfvars'), 'arc_controller_version = "0.13.1"\n');
    writeFileSync(join(dir, 'b.tfvars'), 'arc_controller_version = "0.14.2"\n');
    const source = {
      variable: 'arc_controller_version',
      workingDirectory: dir,
      varFiles: ['a.tfvars', 'b.tfvars'],
    };
    expect(await targetVersion(source)).toBe('0.14.2');
    expect(await targetVersion({ ...source, explicit: 'v0.14.1' })).toBe('0.14.1');
    await expect(targetVersion({ ...source, variable: 'chart_version' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(targetVersion({ ...source, explicit: 'latest' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('refuses a downgrade unless allowed and warns across more than one minor', () => {
    expect(checkDirection('0.13.1', '0.14.2', false)).toEqual({});
    expect(rejected(() => checkDirection('0.14.2', '0.13.1', false)).code).toBe('UPGRADE_REFUSED');
    expect(checkDirection('0.14.2', '0.13.1', true)).toEqual({});
    expect(checkDirection('0.12.1', '0.14.2', false).warning).toContain('more than one minor');
    expect(rejected(() => checkDirection('canary', '0.14.2', false)).code).toBe('UPGRADE_REFUSED');
  });
});

describe('upgrade: the controller rollout-complete test', () => {
  const deployment = (version: string, status: Record<string, unknown>, generation = 2) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'arc-gha-rs-controller', generation, labels: { 'app.kubernetes.io/version': version } },
    spec: { replicas: 1 },
    status,
  });
  const available = { type: 'Available', status: 'True' };
  it('is ready only at the version, observed, updated and available, with no old pod left', () => {
    expect(notReady(undefined, '0.14.2')).toBe('no controller Deployment');
    expect(notReady(deployment('0.13.1', {}), '0.14.2')).toContain('at 0.13.1');
    expect(notReady(deployment('0.14.2', { observedGeneration: 1 }), '0.14.2')).toContain('not observed');
    expect(
      notReady(
        deployment('0.14.2', {
          observedGeneration: 2,
          replicas: 2,
          updatedReplicas: 1,
          availableReplicas: 1,
          conditions: [available],
        }),
        '0.14.2',
      ),
    ).toContain('2 pods');
    expect(
      notReady(
        deployment('0.14.2', {
          observedGeneration: 2,
          replicas: 1,
          updatedReplicas: 1,
          availableReplicas: 1,
          conditions: [available],
        }),
        '0.14.2',
      ),
    ).toBeUndefined();
  });
});
