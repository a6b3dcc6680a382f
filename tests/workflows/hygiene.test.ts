/**
 * The rules every workflow keeps: least-privilege permissions, actions from elsewhere pinned by
 * commit SHA, no expression interpolated into a `run:` script, a timeout on every job.
 */
import { describe, expect, it } from 'vitest';
import { repoWorkflows, stepsOf } from './helpers/workflows';

const workflows = repoWorkflows();

it('finds the workflows issue 8 asks for', () => {
  expect(workflows.map((w) => w.path.split('/').at(-1))).toEqual(
    expect.arrayContaining([
      'ci.yml',
      'benchmark.yml',
      'platform-proof.yml',
      'arc-apply.yml',
      'fleet-metrics.yml',
      'release.yml',
    ]),
  );
});

describe.each(workflows.map((w) => [w.path, w] as const))('%s', (_path, w) => {
  it('sets read-only permissions at the top; a job widens them only for itself', () => {
    expect(w.doc.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(w.doc.jobs)) {
      if (!job.permissions) continue;
      for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
        if (level === 'write') expect(['contents', 'id-token', 'pull-requests', 'checks']).toContain(scope);
      }
    }
  });

  it('pins every action from outside this repository by commit SHA, naming the version', () => {
    const uses = w.text.split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l) && !/uses:\s*\.\//.test(l));
    for (const line of uses) expect(line).toMatch(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it('never interpolates an expression into a run: script', () => {
    for (const { job, step } of stepsOf(w))
      expect(step.run ?? '', `${job}: ${step.name}`).not.toContain('${{');
  });

  it('puts a timeout on every job', () => {
    for (const [name, job] of Object.entries(w.doc.jobs)) {
      if (job.uses) continue; // a reusable workflow call times out inside the called workflow
      expect(job['timeout-minutes'], name).toBeGreaterThan(0);
      expect(job['timeout-minutes'], name).toBeLessThanOrEqual(360);
    }
  });
});
