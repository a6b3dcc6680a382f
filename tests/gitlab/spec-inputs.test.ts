/** GitLab's rules for spec:inputs, as the generator applies them to an action's input definition. */
import { defineAction, input } from '@gloriousflywheel/shared';
import { describe, expect, it } from 'vitest';
import { gitlabSpecInput, gitlabSpecInputs } from '../../scripts/docs/index';

describe('gitlabSpecInput', () => {
  it('keeps typed defaults for booleans and numbers', () => {
    expect(gitlabSpecInput(input.boolean({ description: 'b', default: 'true' }))).toEqual({
      description: 'b',
      type: 'boolean',
      default: true,
    });
    expect(gitlabSpecInput(input.integer({ description: 'n', default: '8', min: 1 }))).toEqual({
      description: 'n',
      type: 'number',
      default: 8,
    });
  });

  it('leaves an optional number without a default a string, so that its empty default is valid', () => {
    expect(gitlabSpecInput(input.number({ description: 'rate', min: 0 }))).toEqual({
      description: 'rate',
      default: '',
    });
  });

  it('makes a required input one without a default, and keeps its type', () => {
    expect(gitlabSpecInput(input.integer({ description: 'n', required: true }))).toEqual({
      description: 'n',
      type: 'number',
    });
    expect(gitlabSpecInput(input.list({ item: 'string', description: 'l', required: true }))).toEqual({
      description: 'l',
    });
  });

  it('lists the options of an enum, the empty value first when the enum is optional', () => {
    expect(gitlabSpecInput(input.enumOf(['a', 'b'] as const, { description: 'e', default: 'b' }))).toEqual({
      description: 'e',
      default: 'b',
      options: ['a', 'b'],
    });
    expect(gitlabSpecInput(input.enumOf(['a', 'b'] as const, { description: 'e' }))).toEqual({
      description: 'e',
      default: '',
      options: ['', 'a', 'b'],
    });
  });

  it('drops a GitHub expression default, which means nothing to GitLab', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    const token = input.string({ description: 't', default: '${{ github.token }}', secret: true });
    expect(gitlabSpecInput(token)).toEqual({ description: 't', default: '' });
  });

  it('mirrors a pattern as regex only where the default can match it', () => {
    const withDefault = input.string({ description: 's', default: '5Gi', pattern: /^\d+Gi$/ });
    expect(gitlabSpecInput(withDefault).regex).toBe('^\\d+Gi$');
    expect(new RegExp(gitlabSpecInput(withDefault).regex!).test('5Gi')).toBe(true);
    expect(gitlabSpecInput(input.string({ description: 's', pattern: /^\d+Gi$/ })).regex).toBeUndefined();
  });

  it('covers every input of a definition, in order', () => {
    const definition = defineAction({
      name: 'x',
      title: 'X',
      description: 'x',
      inputs: {
        b: input.string({ description: 'b' }),
        a: input.boolean({ description: 'a', default: 'false' }),
      },
      outputs: {},
    });
    expect(Object.keys(gitlabSpecInputs(definition))).toEqual(['b', 'a']);
  });
});
