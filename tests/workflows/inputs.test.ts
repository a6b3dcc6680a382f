/**
 * Every call of an action (`uses: ./actions/<name>` and friends) and of a reusable workflow, in the
 * workflows and in the README examples, passes only inputs that are declared, and every required one.
 */
import { describe, expect, it } from 'vitest';
import { callsOf, checkCalls } from './helpers/calls';
import { readmeFiles, readmeWorkflows, repoWorkflows, type Workflow } from './helpers/workflows';

const all = [...repoWorkflows(), ...readmeFiles().flatMap(readmeWorkflows)];

describe.each(all.map((w) => [w.path, w] as const))('%s', (_path, workflow) => {
  it('passes only declared inputs, and every required one', () => {
    expect(checkCalls(workflow)).toEqual([]);
  });
});

it('the workflows call each action, and the README examples call the reusable workflows', () => {
  const calls = all.flatMap(callsOf).join('\n');
  for (const name of ['attic-setup', 'benchmark', 'canary-check', 'arc-apply'])
    expect(calls).toMatch(new RegExp(`actions/${name}\\b`));
  for (const file of ['benchmark.yml', 'platform-proof.yml', 'arc-apply.yml', 'fleet-metrics.yml'])
    expect(calls).toContain(`.github/workflows/${file}`);
});

describe('the check itself', () => {
  const workflow = (jobs: Workflow['doc']['jobs']): Workflow => ({ path: 'x.yml', text: '', doc: { jobs } });

  it('names an undeclared input, a missing required one and a misaddressed action', () => {
    const problems = checkCalls(
      workflow({
        a: {
          steps: [
            { uses: './actions/canary-check', with: { 'runner-label': 'x' } },
            { uses: 'someone/actions/benchmark@v1' },
          ],
        },
      }),
    );
    expect(problems).toEqual([
      'x.yml a[0] ./actions/canary-check: no input `runner-label`',
      'x.yml a[0] ./actions/canary-check: required input `runner-labels` missing',
      'x.yml a[1] someone/actions/benchmark@v1: the action lives at <repo>/actions/benchmark',
    ]);
  });

  it('checks reusable workflow calls: inputs and secrets', () => {
    const problems = checkCalls(
      workflow({
        b: { uses: './.github/workflows/arc-apply.yml', with: { lane: 'x' }, secrets: { TOKEN: 'y' } },
        c: { uses: 'o/r/.github/workflows/platform-proof.yml@v1', with: { 'target-lane': 'x' } },
      }),
    );
    expect(problems).toEqual([
      'x.yml b ./.github/workflows/arc-apply.yml: no input `lane`',
      'x.yml b ./.github/workflows/arc-apply.yml: no secret `TOKEN`',
      'x.yml b ./.github/workflows/arc-apply.yml: required secret `KUBECONFIG` missing',
      'x.yml c o/r/.github/workflows/platform-proof.yml@v1: required input `runner-labels` missing',
    ]);
  });
});
