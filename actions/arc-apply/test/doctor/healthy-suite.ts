/**
 * The doctor on a healthy simulated fleet: every check passes or says why it is skipped, the
 * result validates against the versioned JSON Schema, and a pass costs one list per kind. The
 * same bodies run on the fake (healthy.test.ts) and on a real API server (healthy.real.test.ts).
 */
import { readFileSync } from 'node:fs';
import { tempDirs } from '@gloriousflywheel/testkit';
import Ajv from 'ajv';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import schema from '../../schemas/doctor-result.v1.schema.json' with { type: 'json' };
import { runDoctor } from '../../src/doctor/run';
import { type BackendKind, useBackend } from '../backend';
import { actionOn, runMode } from '../run-mode';
import { doctorOptionsOn } from './doctor-fixtures';
import { type DoctorScenario, doctorScenario } from './doctor-scenario';

const validate = new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

export function describeHealthy(kind: BackendKind): void {
  useBackend(kind);
  let s: DoctorScenario | undefined;
  const dirs = tempDirs('arc-doctor');
  afterAll(() => dirs.cleanup());

  describe(`doctor on a healthy fleet on the ${kind} backend`, () => {
    afterEach(async () => {
      await s?.cluster.stop();
      s = undefined;
    });

    it('passes every check that can run, says why the others cannot, and validates against the schema', async () => {
      s = await doctorScenario([
        { name: 'nix', min: 1, max: 4, labels: ['tinyland-nix'] },
        { name: 'docker', max: 3, labels: ['tinyland-docker'] },
      ]);
      s.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 60 * 60_000 });
      await s.cluster.arc.settle(30_000);
      const report = await runDoctor(s.deps, doctorOptionsOn(s));
      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(report.healthy).toBe(true);
      expect(report.worst).toBe('none');
      const skipped = report.checks.filter((c) => c.status === 'skipped').map((c) => [c.id, c.skipped]);
      expect(skipped).toEqual([['listener-stale-assigned', expect.stringContaining('no prometheus-url')]]);
      expect(report.fleet).toMatchObject({ scaleSets: 2, listeners: 2 });
      expect(report.fleet.runners).toBeGreaterThanOrEqual(1);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    });

    it('reads a healthy fleet in 12 requests: one list per kind, the four CRDs, no per-object read', async () => {
      s = await doctorScenario([
        { name: 'a', min: 2, max: 4 },
        { name: 'b', min: 1, max: 2 },
        { name: 'c', max: 2 },
      ]);
      const before = s.cluster.server.log.length;
      await runDoctor(s.deps, doctorOptionsOn(s));
      const requests = s.cluster.server.log.slice(before).map((r) => `${r.method} ${r.path.split('?')[0]}`);
      const gets = requests.filter((r) => r.startsWith('GET'));
      // 4 ARC lists, 2 pod lists, deployments, one list for the pause record and the apply
      // snapshot, 4 CRDs by name. Nothing else: no access review (a read needs none up front), no write.
      expect(gets).toHaveLength(12);
      expect(requests).toHaveLength(12);
      expect(
        gets.filter((r) => /ephemeralrunners\/|pods\/|autoscalinglisteners\/|configmaps\//.test(r)),
      ).toEqual([]);
    });

    it('runs as mode doctor: outputs, summary, JUnit (one case per check) and the result file', async () => {
      s = await doctorScenario([{ name: 'nix', min: 1, max: 4 }]);
      const dir = dirs.make();
      const run = await runMode(
        actionOn({ gateway: s.gw, clock: s.clock }),
        'main',
        {
          mode: 'doctor',
          kubeconfig: s.cluster.kubeconfigPath,
          'runners-namespace': s.ns.runners,
          'controller-namespace': s.ns.controller,
          'working-directory': s.workdir,
          'var-files': 'runners.tfvars',
        },
        dir,
      );
      expect(run.exitCode, run.log).toBe(0);
      expect(run.outputs).toMatchObject({ healthy: 'true', 'doctor-worst': 'none', repaired: '0' });
      expect(run.summary).toContain('ARC fleet doctor: healthy');
      const junit = readFileSync(run.outputs['junit-file']!, 'utf8');
      expect(junit.match(/<testcase /g)).toHaveLength(17);
      expect(junit).toContain('<skipped');
      expect(validate(run.data), JSON.stringify(validate.errors)).toBe(true);
    });
  });
}
