import type { ActionDefinition, InputSpec } from '@gloriousflywheel/shared';

/** One entry of a GitLab CI/CD component's `spec:inputs`. */
export interface GitLabSpecInput {
  type?: 'string' | 'number' | 'boolean' | 'array';
  description: string;
  default?: string | number | boolean;
  options?: string[];
  regex?: string;
}

/**
 * The spec:inputs entry an action input implies. Every GitLab input gets a default (an empty
 * string when the action has none) so that optional inputs stay optional in the component.
 */
export function gitlabSpecInput(spec: InputSpec): GitLabSpecInput {
  const type =
    spec.kind === 'boolean'
      ? 'boolean'
      : spec.kind === 'integer' || spec.kind === 'number'
        ? 'number'
        : 'string';
  // A GitHub expression (`${{ github.token }}`) means nothing to GitLab: the input is simply optional
  // there, and the action falls back to the job's own context.
  const githubOnly = spec.default?.includes('${{') ?? false;
  const hasDefault = spec.default !== undefined && spec.default !== '' && !githubOnly;
  const entry: GitLabSpecInput = { description: spec.description };
  // An optional number or boolean without a default stays a string: GitLab's empty default must be
  // of the input's type, and the action reads '' as "not given".
  if (type !== 'string' && (hasDefault || spec.required)) entry.type = type;
  if (hasDefault && spec.default !== undefined) {
    entry.default =
      entry.type === 'boolean'
        ? spec.default === 'true'
        : entry.type === 'number'
          ? Number(spec.default)
          : spec.default;
  } else if (!spec.required) {
    entry.default = '';
  }
  // GitLab checks the value against `options`, the empty default of an optional enum included.
  if (spec.options) entry.options = entry.default === '' ? ['', ...spec.options] : [...spec.options];
  // GitLab checks the regex against the default too, so an empty optional default would fail it.
  if (spec.pattern && entry.default !== '') entry.regex = spec.pattern;
  return entry;
}

export function gitlabSpecInputs(definition: ActionDefinition): Record<string, GitLabSpecInput> {
  return Object.fromEntries(
    Object.entries(definition.inputs).map(([name, spec]) => [name, gitlabSpecInput(spec)]),
  );
}
