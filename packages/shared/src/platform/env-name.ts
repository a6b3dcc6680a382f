/** `push-timeout` → `PUSH_TIMEOUT`: the form inputs and outputs take as environment variable names. */
export function envName(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** Where GitLab jobs and terminals take inputs from when no flag is given. */
export function inputEnvName(name: string): string {
  return `FLYWHEEL_INPUT_${envName(name)}`;
}
