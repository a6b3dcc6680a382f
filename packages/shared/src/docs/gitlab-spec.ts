import type { ActionDefinition, InputSpec } from '../inputs/spec';

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
  const entry: GitLabSpecInput = { description: spec.description };
  if (type !== 'string') entry.type = type;
  if (spec.default !== undefined) {
    entry.default =
      type === 'boolean' ? spec.default === 'true' : type === 'number' ? Number(spec.default) : spec.default;
  } else if (!spec.required) {
    entry.default = '';
  }
  if (spec.options) entry.options = [...spec.options];
  // GitLab checks the regex against the default too, so an empty optional default would fail it.
  if (spec.pattern && entry.default !== '') entry.regex = spec.pattern;
  return entry;
}

export function gitlabSpecInputs(definition: ActionDefinition): Record<string, GitLabSpecInput> {
  return Object.fromEntries(
    Object.entries(definition.inputs).map(([name, spec]) => [name, gitlabSpecInput(spec)]),
  );
}
