import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { NixTestEnv, nixAvailable, nixMissingReason } from '@gloriousflywheel/testkit/nix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploaderStatus } from '../src/uploader/status';
import { actionDir, runJob, waitFor } from './helpers/job';

const bundled = existsSync(join(actionDir, 'dist/index.js'));
const reason = !nixAvailable
  ? nixMissingReason
  : 'the bundle is not built (node scripts/build.mjs attic-setup)';

/** Paths the uploader may hold in memory (uploader/worker.ts MAX_BACKLOG). */
const MEMORY_BOUND_PATHS = 2000;

/**
 * A job that builds 20,000 small store paths (1,000 derivations of 20 outputs, in ten steps) while
 * the uploader streams them: it holds at most its backlog bound in memory, the rest waits on disk
 * in the queue. Post then gives up at its push-timeout and
 * defers what is left, as it would on a slow link.
 */
describe.skipIf(!nixAvailable || !bundled)(
  `attic-setup uploader memory (${nixAvailable && bundled ? 'ready' : reason})`,
  () => {
    let attic: FakeAtticServer;
    let env: NixTestEnv;
    const built: string[] = [];
    const tag = `mem${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      attic = new FakeAtticServer();
      await attic.start();
      attic.createCache('team');
      env = await NixTestEnv.create('fsync-metadata = false');
    });
    afterAll(async () => {
      for (let i = 0; i < built.length; i += 2000) await env.delete(built.slice(i, i + 2000)).catch(() => {});
      // And the derivations that made them.
      const drvs = readdirSync('/nix/store')
        .filter((n) => n.includes(`-${tag}s`) && n.endsWith('.drv'))
        .map((n) => `/nix/store/${n}`);
      if (drvs.length) await env.delete(drvs).catch(() => {});
      await env.dispose();
      await attic.stop();
    }, 600_000);

    it('holds at most its bound of 20,000 built paths in memory, the rest queued on disk', async () => {
      const token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
      let status: UploaderStatus | undefined;
      const job = await runJob(
        {
          inputs: {
            endpoint: attic.url,
            cache: 'team',
            token,
            'push-timeout': '5s',
            'push-exclude': `^(?!.*-${tag}).*$`,
          },
          env: env.env,
        },
        async (steps) => {
          for (let step = 0; step < 10; step++) {
            built.push(...(await env.buildOutputs(`${tag}s${step}`, 100, 20, steps.env)));
          }
          expect(built).toHaveLength(20_000);
          await waitFor('some paths on the server', () => attic.uploads.length > 0);
          status = await waitFor('a fresh status', () => {
            const s = steps.status();
            return s && Date.parse(s.updatedAt) > Date.now() - 2000 ? s : undefined;
          });
        },
      );
      const c = status!.counters;
      console.info(
        `uploader after 20,000 paths: peak backlog ${c.peakBacklog} paths, peak queue ${c.peakQueued} files, ` +
          `max RSS ${Math.round(c.maxRssKiB / 1024)} MiB, pushed ${c.pushed} during the build`,
      );
      expect(c.peakBacklog).toBeGreaterThan(0);
      expect(c.peakBacklog).toBeLessThanOrEqual(MEMORY_BOUND_PATHS);
      // The backlog waited on disk: builds outran the uploads.
      expect(c.peakQueued).toBeGreaterThan(0);
      // Resident memory is printed above, not asserted: it depends on the machine's load and
      // Node's heap sizing (213-258 MiB seen), and resource ceilings belong in `npm run bench`.
      expect(job.post.exitCode).toBe(0);
      const pushed = Number(job.post.outputs['pushed-paths']);
      // Uploads cut off by push-timeout may still have landed on the server: at most one per slot.
      expect(attic.uploads.length - pushed).toBeGreaterThanOrEqual(0);
      expect(attic.uploads.length - pushed).toBeLessThanOrEqual(8);
      expect(pushed + Number(job.post.outputs['deferred-paths'])).toBe(20_000);
    }, 900_000);
  },
);
