import { describe, expect, it } from 'vitest';
import { startSimulatedCluster } from '../../src/arc/cluster';
import { crdValidationUnavailable, type KubeObject, resourceByKind, StatusError } from '../../src/kube/index';
import { schemaValidator } from '../../src/kube/validation';

const missing = crdValidationUnavailable();

describe('every ARC object the simulator writes is valid against the real CRD schemas', () => {
  it.skipIf(missing !== undefined)(`validates (${missing ?? 'reference CRDs present'})`, async () => {
    for (const version of ['0.12', '0.13', '0.14'] as const) {
      const c = await startSimulatedCluster({
        version,
        updateStrategy: version === '0.13' ? 'eventual' : 'immediate',
      });
      const written: KubeObject[] = [];
      c.store.raw!.subscribe((e) => {
        if (e.resource.group === 'actions.github.com' && e.type !== 'DELETED')
          written.push(structuredClone(e.object));
      });
      await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 3, labels: ['tinyland-nix'] });
      await c.arc.addScaleSet({
        name: 'docker',
        maxRunners: 2,
        resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
      });
      await c.arc.settle();
      for (let i = 0; i < 4; i++)
        c.arc.enqueueJob({ scaleSet: i % 2 ? 'nix' : 'docker', durationMs: 90_000 });
      await c.arc.leakIdleRunners('nix', 1);
      c.arc.churnListener('docker', 1, 30_000);
      await c.clock.advance(60_000);
      await c.arc.settle();
      await c.stop();
      expect(c.sim.errors).toEqual([]);
      const kinds = new Set(written.map((o) => o.kind));
      expect([...kinds].sort()).toEqual([
        'AutoscalingListener',
        'AutoscalingRunnerSet',
        'EphemeralRunner',
        'EphemeralRunnerSet',
      ]);
      expect(
        written.some(
          (o) => o.kind === 'EphemeralRunner' && (o.status as { jobRequestId?: number })?.jobRequestId,
        ),
      ).toBe(true);
      for (const obj of written) {
        const validate = schemaValidator(resourceByKind(obj.kind))!;
        const copy = structuredClone(obj);
        expect(validate(copy), `${obj.kind} ${obj.metadata.name}`).toEqual([]);
        // Nothing was pruned: the simulator writes only fields the schema knows.
        expect(copy).toEqual(obj);
      }
    }
  });

  it.skipIf(missing !== undefined)(
    'rejects invalid objects with 422 and unknown fields under Strict with 400',
    async () => {
      const c = await startSimulatedCluster();
      const ars = resourceByKind('AutoscalingRunnerSet');
      const body = (spec: Record<string, unknown>) => ({
        apiVersion: 'actions.github.com/v1alpha1',
        kind: 'AutoscalingRunnerSet',
        metadata: { name: 'x', labels: { 'app.kubernetes.io/version': c.version } },
        spec,
      });
      let error: unknown;
      try {
        c.store.raw!.create(ars, 'arc-runners', body({ minRunners: -1 }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StatusError);
      expect((error as StatusError).status).toMatchObject({ code: 422, reason: 'Invalid' });
      expect((error as StatusError).status.details?.causes?.[0]).toMatchObject({ field: 'spec.minRunners' });
      error = undefined;
      try {
        c.store.raw!.create(ars, 'arc-runners', body({ maxRunners: 1, bogus: true }));
      } catch (e) {
        error = e;
      }
      expect((error as StatusError).status).toMatchObject({
        code: 400,
        message:
          'AutoscalingRunnerSet in version "v1alpha1" cannot be handled as a AutoscalingRunnerSet: strict decoding error: unknown field "spec.bogus"',
      });
      // Over HTTP the default is Warn: the field is pruned and a Warning header says so.
      const res = await fetch(
        `${c.url}/apis/actions.github.com/v1alpha1/namespaces/arc-runners/autoscalingrunnersets`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body({ maxRunners: 1, bogus: true })),
        },
      );
      expect(res.status).toBe(201);
      expect(res.headers.get('warning')).toBe('299 - "unknown field \\"spec.bogus\\""');
      expect(((await res.json()) as { spec: Record<string, unknown> }).spec).toEqual({ maxRunners: 1 });
      await c.stop();
    },
  );
});
