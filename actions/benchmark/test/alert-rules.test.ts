import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { alertRuleGroups, prometheusRuleYaml, rulesFileYaml } from '../src/alert-rules';
import { DEFAULT_TARGETS, loadTargets } from '../src/kpi';

const PROMTOOL = '/usr/bin/promtool';
const missing = !existsSync(PROMTOOL);
const reason = `${PROMTOOL} is not installed (Debian prometheus): the promtool checks are skipped`;
const monitoring = join(import.meta.dirname, '..', '..', '..', 'monitoring');
const temp = tempDirs('flywheel-rules');
afterAll(() => temp.cleanup());

function promtool(...args: string[]) {
  const r = spawnSync(PROMTOOL, args, { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('alert rules generated from the KPI targets', () => {
  it('are the files committed under monitoring/ for the default targets', () => {
    const hint = 'regenerate with `npx tsx actions/benchmark/scripts/write-alert-rules.ts`';
    expect(readFileSync(join(monitoring, 'gloriousflywheel-rules.yml'), 'utf8'), hint).toBe(
      rulesFileYaml(DEFAULT_TARGETS),
    );
    expect(readFileSync(join(monitoring, 'gloriousflywheel-prometheusrule.yaml'), 'utf8'), hint).toBe(
      prometheusRuleYaml(DEFAULT_TARGETS),
    );
  });

  it('take their thresholds from the targets file the scorecard uses', () => {
    const dir = temp.make();
    const file = join(dir, 'targets.yml');
    writeFileSync(file, 'queueDepthMax: 8\nqueueDepthForMinutes: 2\nfailureRatePct: 5\nuptimePct: 99.9\n');
    const rules = alertRuleGroups(loadTargets(file)).flatMap((g) => g.rules);
    const queue = rules.find((r) => r.alert === 'RunnerQueueDepthHigh')!;
    expect(queue.expr).toBe('max by (pool, scale_set) (queue_depth) > 8');
    expect(queue.for).toBe('2m');
    expect(rules.find((r) => r.alert === 'FleetFailedJobRateHigh')!.expr).toMatch(/> 5$/);
    // 99.9 % leaves a budget of 0.001: the fast burn is 14.4 × that.
    expect(rules.find((r) => r.alert === 'FleetUptimeBudgetBurnFast')!.expr).toContain('> 0.0144');
  });

  it('makes a PrometheusRule with the same groups', () => {
    const manifest = parse(prometheusRuleYaml(DEFAULT_TARGETS));
    expect(manifest).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    expect(manifest.spec.groups).toEqual(parse(rulesFileYaml(DEFAULT_TARGETS)).groups);
  });

  it.skipIf(missing)(
    `pass promtool check rules, the manifest's groups too (${missing ? reason : 'promtool present'})`,
    () => {
      const dir = temp.make();
      const fromManifest = join(dir, 'from-manifest.yml');
      writeFileSync(
        fromManifest,
        stringify({ groups: parse(prometheusRuleYaml(DEFAULT_TARGETS)).spec.groups }),
      );
      const check = promtool('check', 'rules', join(monitoring, 'gloriousflywheel-rules.yml'), fromManifest);
      expect(check.out).toContain('SUCCESS: 11 rules found');
      expect(check.code, check.out).toBe(0);
      // And promtool really checks: a broken expression is refused.
      const broken = join(dir, 'broken.yml');
      writeFileSync(broken, rulesFileYaml(DEFAULT_TARGETS).replace('> 20', '> > 20'));
      expect(promtool('check', 'rules', broken).code).not.toBe(0);
    },
  );

  it.skipIf(missing)(
    `pass promtool test rules: the queue alert fires after 5 minutes, and not when the queue dips or sits at 20 (${missing ? reason : 'promtool present'})`,
    () => {
      const tests = join(monitoring, 'tests', 'platform.test.yml');
      const run = promtool('test', 'rules', tests);
      expect(run.out, run.out).toContain('SUCCESS');
      expect(run.code, run.out).toBe(0);
      // The same tests against rules with a 10-minute hold fail: the expectations are not vacuous.
      const dir = temp.make();
      writeFileSync(
        join(dir, 'gloriousflywheel-rules.yml'),
        rulesFileYaml({ ...DEFAULT_TARGETS, queueDepthForMinutes: 10 }),
      );
      const copy = join(dir, 'tests.yml');
      writeFileSync(
        copy,
        readFileSync(tests, 'utf8').replace('../gloriousflywheel-rules.yml', 'gloriousflywheel-rules.yml'),
      );
      const failing = promtool('test', 'rules', copy);
      expect(failing.code).not.toBe(0);
      expect(failing.out).toContain('alertname: RunnerQueueDepthHigh');
    },
  );
});
