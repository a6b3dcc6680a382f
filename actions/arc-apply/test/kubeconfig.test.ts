/**
 * Finding 2 (issue 11): a kubeconfig that is missing, not YAML, without a usable context, with a
 * plain-HTTP server or an exec plugin that is not installed was reported as INTERNAL with a stack
 * (and the path as `***`), no kubeconfig at all blamed `skipTLSVerify`. Each is now a
 * KUBECONFIG_INVALID naming the file and never quoting its content.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { tempDirs } from '@gloriousflywheel/testkit';
import { kubeconfigYaml } from '@gloriousflywheel/testkit/kube';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveKubeConfig } from '../src/kube/kubeconfig';
import { isKubeconfigContent } from '../src/kube/kubeconfig-input';

const temp = tempDirs('kubeconfig-test');
afterAll(() => temp.cleanup());

const TOKEN = 'kc-token-4f1d-do-not-print';
const good = kubeconfigYaml({ server: 'https://kube.example.test:6443', token: TOKEN });

function file(text: string, name = 'config'): string {
  const path = join(temp.make(), name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

function rejection(input: string | undefined, lookup = {}): FlywheelError {
  try {
    resolveKubeConfig(input, { env: {}, home: temp.make(), ...lookup });
  } catch (error) {
    expect(error).toBeInstanceOf(FlywheelError);
    return error as FlywheelError;
  }
  throw new Error('expected KUBECONFIG_INVALID');
}

describe('the kubeconfig, checked before any call', () => {
  it('loads content and a path, and tells them apart (a path is no secret)', () => {
    expect(resolveKubeConfig(good, { env: {} }).server).toBe('https://kube.example.test:6443');
    const path = file(good);
    expect(resolveKubeConfig(path, { env: {} }).source).toBe(path);
    expect(isKubeconfigContent(good)).toBe(true);
    expect(isKubeconfigContent(path)).toBe(false);
  });

  it('names a missing file', () => {
    const error = rejection('/nonexistent/kubeconfig');
    expect(error.code).toBe('KUBECONFIG_INVALID');
    expect(error.message).toBe('/nonexistent/kubeconfig: the file does not exist');
  });

  it('resolves a relative path against the working directory', () => {
    const path = file(good, 'relative-config');
    const dir = join(path, '..');
    expect(resolveKubeConfig('relative-config', { env: {}, cwd: dir }).source).toBe(path);
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file (not as root, who reads anything)', () => {
    const path = file(good);
    chmodSync(path, 0o000);
    expect(rejection(path).message).toBe(`${path}: the file cannot be read (permission denied)`);
  });

  it('names a folder given as the file', () => {
    const dir = temp.make();
    expect(rejection(dir).message).toBe(`${dir}: this is a folder, not a kubeconfig file`);
  });

  it('says a file is not YAML without quoting it', () => {
    const path = file(`clusters: [\n  token: ${TOKEN}\n  - : :\n`);
    const error = rejection(path);
    expect(error.message).toMatch(new RegExp(`^${path}: not valid YAML \\(.+ at line \\d+\\)$`));
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.message).not.toContain(TOKEN);
  });

  it('says content is not a kubeconfig', () => {
    expect(rejection('apiVersion: v1\nkind: Config\nclusters:\n  - cluster: {}\n').message).toMatch(
      /^the `kubeconfig` input: not a usable kubeconfig: clusters\[0\]\.name is missing$/,
    );
  });

  it('refuses no current-context, and an unknown one, listing the contexts', () => {
    const none = good.replace(/current-context: .*\n/, '');
    expect(rejection(file(none)).message).toMatch(/it sets no current-context$/);
    const unknown = good.replace(/current-context: .*/, 'current-context: prod');
    expect(rejection(file(unknown)).message).toMatch(
      /its current-context `prod` is not one of its contexts \(flywheel-sim\)$/,
    );
  });

  it('refuses a plain-HTTP server unless it is marked insecure-skip-tls-verify', () => {
    const http = good.replace('https://kube.example.test:6443', 'http://kube.example.test:8080');
    expect(rejection(file(http)).message).toMatch(
      /uses a plain-HTTP server \(http:\/\/kube\.example\.test:8080\), which the Kubernetes client only allows with `insecure-skip-tls-verify: true`$/,
    );
    const allowed = kubeconfigYaml({ server: 'http://127.0.0.1:8080', token: 't' });
    expect(resolveKubeConfig(allowed, { env: {} }).server).toBe('http://127.0.0.1:8080');
  });

  it('refuses an exec plugin that is not installed, naming it', () => {
    const exec = good.replace(
      /user:\n\s+token: .*/,
      'user:\n      exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: flywheel-no-such-plugin\n',
    );
    const error = rejection(file(exec), { env: { PATH: '/usr/bin:/bin' } });
    expect(error.message).toMatch(
      /the exec plugin `flywheel-no-such-plugin`, which is not installed on this runner$/,
    );
    expect(error.hint).toMatch(/install `flywheel-no-such-plugin`/);
  });

  it('with no kubeconfig anywhere, says so and lists what was tried', () => {
    const home = temp.make();
    const error = rejection(undefined, { env: {}, home, serviceAccountToken: join(home, 'none') });
    expect(error.message).toBe(
      `no kubeconfig found; tried the \`kubeconfig\` input (empty), KUBECONFIG (unset), ~/.kube/config (${home}/.kube/config does not exist), the in-cluster service account (KUBERNETES_SERVICE_HOST is unset)`,
    );
    expect(error.message).not.toMatch(/skipTLSVerify/);
  });

  it('follows KUBECONFIG, then ~/.kube/config', () => {
    const path = file(good);
    expect(resolveKubeConfig(undefined, { env: { KUBECONFIG: `/nonexistent:${path}` } }).source).toBe(path);
    expect(rejection(undefined, { env: { KUBECONFIG: '/nonexistent/a' } }).message).toBe(
      'KUBECONFIG (/nonexistent/a): none of the files it names exists',
    );
    const home = temp.make();
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), good);
    expect(resolveKubeConfig(undefined, { env: {}, home }).source).toBe(join(home, '.kube', 'config'));
  });
});
