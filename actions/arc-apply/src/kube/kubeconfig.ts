import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { KubeConfig } from '@kubernetes/client-node';
import { isKubeconfigContent } from './kubeconfig-input';

/** Where the service account's token sits in a pod (the in-cluster fallback). */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** In words, for messages: `the \`kubeconfig\` input`, `/home/x/.kube/config`, … */
  source: string;
  /** The current cluster's API server URL. */
  server: string;
}

export interface KubeconfigLookup {
  env?: NodeJS.ProcessEnv;
  /** Relative paths resolve against this (default: the process's working directory). */
  cwd?: string;
  home?: string;
  serviceAccountToken?: string;
}

function invalid(
  where: string,
  problem: string,
  hint: string,
  details: Record<string, unknown> = {},
): FlywheelError {
  return new FlywheelError('KUBECONFIG_INVALID', `${where}: ${problem}`, {
    hint,
    details: { kubeconfig: where, ...details },
  });
}

/**
 * The kubeconfig a run uses, the way kubectl finds one: the `kubeconfig` input (content, or a path
 * resolved against the working directory), else the files in KUBECONFIG, else ~/.kube/config, else
 * the in-cluster service account. Every way it can be unusable — missing, unreadable, not YAML, no
 * or an unknown current-context, a plain-HTTP server, an exec plugin that is not installed — is a
 * KUBECONFIG_INVALID naming the file (never its content), before any call is made.
 */
export function resolveKubeConfig(
  input: string | undefined,
  lookup: KubeconfigLookup = {},
): LoadedKubeConfig {
  const env = lookup.env ?? process.env;
  const cwd = lookup.cwd ?? process.cwd();
  const value = input?.trim();
  const tried: string[] = [];
  if (value) {
    if (isKubeconfigContent(value))
      return checked(fromText(value, 'the `kubeconfig` input'), 'the `kubeconfig` input', env);
    const file = resolve(cwd, value);
    return checked(fromFile(file, '`kubeconfig` input'), file, env);
  }
  tried.push('the `kubeconfig` input (empty)');
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter(Boolean);
  if (listed.length > 0) {
    // As kubectl: files KUBECONFIG names that do not exist are skipped; the rest are merged in order.
    const files = listed.map((f) => resolve(cwd, f)).filter((f) => exists(f));
    if (files.length === 0)
      throw invalid(
        `KUBECONFIG (${listed.join(delimiter)})`,
        'none of the files it names exists',
        'point KUBECONFIG at a kubeconfig file, or set the `kubeconfig` input',
      );
    const kc = fromFile(files[0]!, 'KUBECONFIG');
    for (const file of files.slice(1)) kc.mergeConfig(fromFile(file, 'KUBECONFIG'));
    return checked(kc, files.join(delimiter), env);
  }
  tried.push('KUBECONFIG (unset)');
  const home = lookup.home ?? env['HOME'] ?? homedir();
  const homeConfig = join(home, '.kube', 'config');
  if (exists(homeConfig)) return checked(fromFile(homeConfig, '~/.kube/config'), homeConfig, env);
  tried.push(`~/.kube/config (${homeConfig} does not exist)`);
  const tokenFile = lookup.serviceAccountToken ?? SERVICE_ACCOUNT_TOKEN;
  if (env['KUBERNETES_SERVICE_HOST'] && exists(tokenFile)) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return checked(kc, 'the in-cluster service account', env);
  }
  tried.push(
    `the in-cluster service account (${env['KUBERNETES_SERVICE_HOST'] ? `${tokenFile} does not exist` : 'KUBERNETES_SERVICE_HOST is unset'})`,
  );
  throw new FlywheelError('KUBECONFIG_INVALID', `no kubeconfig found; tried ${tried.join(', ')}`, {
    hint: 'set the `kubeconfig` input (its content or a path), set KUBECONFIG, or run in a pod with a service account',
    details: { tried },
  });
}

/** The KubeConfig alone (tests and tools that need no source). */
export function loadKubeConfig(input: string | undefined, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  return resolveKubeConfig(input, { env }).kc;
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fromFile(file: string, from: string): KubeConfig {
  let text: string;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const problem =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'the file cannot be read (permission denied)'
          : code === 'EISDIR'
            ? 'this is a folder, not a kubeconfig file'
            : `the file cannot be read (${code ?? 'unknown error'})`;
    throw invalid(
      file,
      problem,
      `check the path given by the ${from} (relative paths start at the working directory)`,
      {
        errno: code,
      },
    );
  }
  const kc = fromText(text, file);
  kc.makePathsAbsolute(resolve(file, '..'));
  return kc;
}

function fromText(text: string, where: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (error) {
    // js-yaml quotes the offending lines: keep only the reason and the place.
    const e = error as {
      name?: string;
      reason?: string;
      mark?: { line?: number; column?: number };
      message?: string;
    };
    const problem =
      e.name === 'YAMLException'
        ? `not valid YAML (${e.reason ?? 'syntax error'}${e.mark?.line !== undefined ? ` at line ${e.mark.line + 1}` : ''})`
        : /is missing$/.test(e.message ?? '')
          ? `not a usable kubeconfig: ${e.message}`
          : 'not a kubeconfig (expected a YAML map with clusters, users and contexts)';
    throw invalid(where, problem, 'give a kubeconfig as `kubectl config view --raw` prints it');
  }
  return kc;
}

/** The current context, its cluster and user must exist and be usable from this runner. */
function checked(kc: KubeConfig, where: string, env: NodeJS.ProcessEnv): LoadedKubeConfig {
  const fix = 'fix the kubeconfig, or pick a context with `kubectl config use-context`';
  const name = kc.getCurrentContext();
  if (!name) throw invalid(where, 'it sets no current-context', fix);
  const context = kc.getContextObject(name);
  if (!context) {
    const known = kc.getContexts().map((c) => c.name);
    throw invalid(
      where,
      `its current-context \`${name}\` is not one of its contexts (${known.join(', ') || 'none'})`,
      fix,
    );
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    throw invalid(
      where,
      `context \`${name}\` names cluster \`${context.cluster}\`, which it does not define`,
      fix,
    );
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw invalid(where, `cluster \`${cluster.name}\` has a server that is not a URL`, fix);
  }
  if (server.protocol === 'http:' && !cluster.skipTLSVerify) {
    throw invalid(
      where,
      `cluster \`${cluster.name}\` uses a plain-HTTP server (${server.origin}), which the Kubernetes client only allows with \`insecure-skip-tls-verify: true\``,
      'use the https:// address of the API server',
    );
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:')
    throw invalid(
      where,
      `cluster \`${cluster.name}\` has a server that is not http(s): ${server.protocol}`,
      fix,
    );
  for (const [field, file] of [['certificate-authority', cluster.caFile]] as const) {
    if (file && !exists(file)) throw invalid(where, `the ${field} file ${file} does not exist`, fix);
  }
  const user = context.user ? kc.getUser(context.user) : undefined;
  if (context.user && !user)
    throw invalid(where, `context \`${name}\` names user \`${context.user}\`, which it does not define`, fix);
  if (user) {
    for (const [field, file] of [
      ['client-certificate', user.certFile],
      ['client-key', user.keyFile],
    ] as const) {
      if (file && !exists(file)) throw invalid(where, `the ${field} file ${file} does not exist`, fix);
    }
    const command = user.exec?.command as string | undefined;
    if (command && !onPath(command, env))
      throw invalid(
        where,
        `user \`${user.name}\` authenticates with the exec plugin \`${command}\`, which is not installed on this runner`,
        `install \`${command}\` on the runner (or put it on PATH), or use a kubeconfig with a token`,
      );
  }
  return { kc, source: where, server: server.origin + (server.pathname === '/' ? '' : server.pathname) };
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (isAbsolute(command) || command.includes('/')) return executable(resolve(command));
  return (env['PATH'] ?? '').split(delimiter).some((dir) => dir && executable(join(dir, command)));
}
