import { FlywheelError, InputProblem } from '@gloriousflywheel/shared';
import { definition, type Inputs } from './inputs';

/**
 * The variables the platform puts on its runner pods: ATTIC_SERVER and ATTIC_CACHE come from the
 * runner modules of the platform's OpenTofu stacks (arc-runner and gitlab-runner `locals.tf`, Nix
 * runners only); ATTIC_TOKEN from its runbook. With them a job needs no `with:` at all.
 */
export const PLATFORM_ENV = { endpoint: 'ATTIC_SERVER', cache: 'ATTIC_CACHE', token: 'ATTIC_TOKEN' } as const;

export type Source = 'input' | 'environment' | 'none';

export interface AtticSettings {
  endpoint: URL | undefined;
  cache: string | undefined;
  token: string | undefined;
  sources: { endpoint: Source; cache: Source; token: Source };
  /** Said once in the log: where the settings came from (never the token itself). */
  notes: string[];
}

/**
 * Each of endpoint, cache and token: the input when given, else the platform's environment
 * variable, else nothing. One guard: the platform's token is sent only to the platform's server —
 * an `endpoint` input naming another origin gets no token from the environment.
 */
export function resolveAtticSettings(
  inputs: Pick<Inputs, 'endpoint' | 'cache' | 'token'>,
  env: NodeJS.ProcessEnv,
  mask: (secret: string) => void,
): AtticSettings {
  const fromEnv = (name: keyof typeof PLATFORM_ENV) => {
    const raw = env[PLATFORM_ENV[name]]?.trim();
    return raw ? raw : undefined;
  };
  const notes: string[] = [];
  const sources: AtticSettings['sources'] = { endpoint: 'none', cache: 'none', token: 'none' };

  let endpoint = inputs.endpoint;
  const platformServer = fromEnv('endpoint');
  if (endpoint) sources.endpoint = 'input';
  else if (platformServer) {
    endpoint = parseFromEnv('endpoint', platformServer);
    sources.endpoint = 'environment';
  }

  let cache = inputs.cache;
  if (cache) sources.cache = 'input';
  else {
    const raw = fromEnv('cache');
    if (raw) {
      cache = parseFromEnv('cache', raw);
      sources.cache = 'environment';
    }
  }

  let token = inputs.token;
  if (token) sources.token = 'input';
  else {
    const raw = fromEnv('token');
    if (raw) {
      mask(raw);
      const samePlace = endpoint && platformServer && endpoint.origin === originOf(platformServer);
      if (samePlace) {
        token = raw;
        sources.token = 'environment';
      } else if (endpoint) {
        notes.push(
          `${PLATFORM_ENV.token} is set but not used: it belongs to ${PLATFORM_ENV.endpoint}, and the endpoint input names another server.`,
        );
      }
    }
  }
  const from = (what: keyof AtticSettings['sources']) =>
    sources[what] === 'environment' ? [`${what} from ${PLATFORM_ENV[what]}`] : [];
  const envUsed = [...from('endpoint'), ...from('cache'), ...from('token')];
  if (envUsed.length) notes.unshift(`Using the platform's settings: ${envUsed.join(', ')}.`);
  return { endpoint, cache, token, sources, notes };
}

function originOf(raw: string): string | undefined {
  try {
    return new URL(raw).origin;
  } catch {
    return undefined;
  }
}

function parseFromEnv<K extends 'endpoint' | 'cache'>(
  name: K,
  raw: string,
): K extends 'endpoint' ? URL : string {
  const spec = definition.inputs[name];
  try {
    return spec.parse(raw) as K extends 'endpoint' ? URL : string;
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    throw new FlywheelError(
      'INPUT_INVALID',
      `environment variable ${PLATFORM_ENV[name]} is invalid: ${error.message}; given \`${raw}\``,
      {
        hint: `fix ${PLATFORM_ENV[name]} on the runner, or set the \`${name}\` input (${spec.accepts}) to override it`,
        details: { variable: PLATFORM_ENV[name] },
      },
    );
  }
}
