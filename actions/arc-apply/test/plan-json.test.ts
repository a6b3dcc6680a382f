import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardViolations } from '../src/engine/guard';
import { isMutation, parsePlanJson, scaleSetsOfChange } from '../src/engine/plan-json';

const TESTDATA = '/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata';
const realPlans = existsSync(TESTDATA)
  ? readdirSync(TESTDATA).filter((d) => existsSync(join(TESTDATA, d, 'plan.json')))
  : [];

describe('plan JSON', () => {
  it('rejects text that is not a plan representation', () => {
    expect(() => parsePlanJson('{"foo":1}')).toThrowError(/format_version/);
    expect(() => parsePlanJson('nope')).toThrowError(/did not print JSON/);
  });

  it('names the scale sets of a change from its key, manifest or release', () => {
    expect(
      scaleSetsOfChange({
        address: 'module.arc.helm_release.sets["nix"]',
        type: 'helm_release',
        name: 'sets',
        change: { actions: ['update'], before: null, after: { name: 'nix', chart: 'gha-runner-scale-set' } },
      }),
    ).toEqual(['nix']);
  });

  it.skipIf(realPlans.length === 0)(
    `parses every real plan.json of terraform-json's testdata (${TESTDATA}; absent: golang-github-hashicorp-terraform-json-dev not installed)`,
    () => {
      for (const dir of realPlans) {
        const text = readFileSync(join(TESTDATA, dir, 'plan.json'), 'utf8');
        const raw = JSON.parse(text) as { resource_changes?: unknown[] };
        const plan = parsePlanJson(text);
        expect(plan.format_version, dir).toMatch(/^\d+\.\d+$/);
        expect(plan.resource_changes.length, dir).toBe(raw.resource_changes?.length ?? 0);
        // The guard reads real output without throwing, and rejects its changes as outside any scope.
        const violations = guardViolations({
          plan,
          scope: [],
          allow: [],
          protect: ['namespaces'],
          controllerVersion: undefined,
          frozenAt: new Date(0),
          madeByThisRun: true,
        });
        expect(violations.length, dir).toBe(plan.resource_changes.filter(isMutation).length);
      }
      expect(realPlans).toContain('basic');
      const basic = parsePlanJson(readFileSync(join(TESTDATA, 'basic', 'plan.json'), 'utf8'));
      expect(basic.resource_changes.map((c) => c.address)).toContain('null_resource.foo');
    },
  );
});
