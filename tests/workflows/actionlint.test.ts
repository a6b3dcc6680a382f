/** actionlint over every workflow of this repository and every workflow example in the READMEs. */
import { describe, expect, it } from 'vitest';
import { lintWorkflow, readmeFiles, readmeWorkflows, repoWorkflows } from './helpers/workflows';

const show = (findings: { line: number; column: number; message: string; kind: string }[]) =>
  findings.map((f) => `${f.line}:${f.column} ${f.message} [${f.kind}]`);

describe('workflows', () => {
  it.each(repoWorkflows().map((w) => [w.path, w] as const))('%s is actionlint clean', async (path, w) => {
    expect(show(await lintWorkflow(w.text, path))).toEqual([]);
  });
});

const snippets = readmeFiles().flatMap(readmeWorkflows);

describe('README workflow examples', () => {
  it('finds the examples', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it.each(snippets.map((w) => [w.path, w] as const))('%s is actionlint clean', async (path, w) => {
    expect(show(await lintWorkflow(w.text, path, w.excerpt))).toEqual([]);
  });
});

describe('the linter', () => {
  it('still reports what it should (a typo in a context, an unknown label)', async () => {
    const bad = [
      'on: push',
      'jobs:',
      '  x:',
      '    runs-on: no-such-lane',
      '    steps:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      '      - run: echo ${{ github.evnt.name }}',
    ].join('\n');
    const kinds = (await lintWorkflow(bad, 'bad.yml')).map((f) => f.kind).sort();
    expect(kinds).toEqual(['expression', 'runner-label']);
  });
});
