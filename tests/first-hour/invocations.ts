/**
 * The first mistakes every operator makes, one command line each, across the four actions: what a
 * new user types in their first hour. Each must end on its own, non-zero, within its deadline, with
 * one line that names a code other than INTERNAL, no stack trace and none of the secrets it was given.
 */

/** What the cases point at: loopback servers and files the test makes. */
export interface Places {
  /** A port nothing listens on (connection refused). */
  refused: string;
  /** Accepts connections and never answers: no byte, no close. */
  silent: string;
  /** A name that never resolves (RFC 2606 reserves .invalid). */
  unresolvable: string;
  /** An existing regular file, where a folder is expected. */
  file: string;
  /** Kubeconfigs: not YAML; pointing at the refused port; pointing at the silent server. */
  kubeconfigNotYaml: string;
  kubeconfigRefused: string;
  kubeconfigSilent: string;
}

export interface Invocation {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Strings that must appear nowhere: stdout, stderr, or any file the run wrote. */
  secrets?: string[];
  /** Seconds the run may take before it counts as hung. */
  deadline: number;
}

export const SECRET = 'fh-secretpw-7f3a9c';
export const TOKEN = 'fh-token-0b5e2d71c4';

export function invocations(p: Places): Invocation[] {
  const kube = (kubeconfig: string, extra: string[] = []) => ({
    args: ['arc-apply', '--kubeconfig', kubeconfig, '--scale-sets', 'tinyland-nix', ...extra],
  });
  return [
    // attic-setup
    {
      name: 'attic-setup: credentials in the endpoint URL, nothing listening',
      args: [
        'attic-setup',
        '--endpoint',
        `https://ops:${SECRET}@${p.refused}`,
        '--cache',
        'main',
        '--fail-on-unreachable',
      ],
      secrets: [SECRET],
      deadline: 60,
    },
    {
      name: 'attic-setup: an endpoint whose name does not resolve',
      args: [
        'attic-setup',
        '--endpoint',
        `https://${p.unresolvable}`,
        '--cache',
        'main',
        '--fail-on-unreachable',
      ],
      deadline: 60,
    },
    {
      name: 'attic-setup: an endpoint that never answers',
      args: ['attic-setup', '--endpoint', `http://${p.silent}`, '--cache', 'main', '--fail-on-unreachable'],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN },
      secrets: [TOKEN],
      deadline: 90,
    },
    {
      name: 'attic-setup: an endpoint that is not a URL',
      args: ['attic-setup', '--endpoint', 'not a url', '--cache', 'main'],
      deadline: 30,
    },
    {
      name: 'attic-setup: a stray word',
      args: ['attic-setup', 'main'],
      deadline: 30,
    },
    {
      name: 'attic-setup: a flag with no value',
      args: ['attic-setup', '--endpoint', `https://${p.unresolvable}`, '--push-concurrency'],
      deadline: 30,
    },
    {
      name: 'attic-setup: Bazel cache credentials in the URL, nothing listening',
      args: [
        'attic-setup',
        '--bazel-remote-cache',
        `http://ci:${SECRET}@${p.refused}`,
        '--fail-on-unreachable',
      ],
      secrets: [SECRET],
      deadline: 60,
    },
    // benchmark
    {
      name: 'benchmark: a baseline file that does not exist',
      args: ['benchmark', '--command', 'true', '--baseline', '/nonexistent/flywheel/baseline.json'],
      deadline: 60,
    },
    {
      name: 'benchmark: KPI targets that do not exist',
      args: ['benchmark', '--command', 'true', '--kpi-targets', '/nonexistent/flywheel/kpis.json'],
      deadline: 60,
    },
    {
      name: 'benchmark: --runs with no value',
      args: ['benchmark', '--command', 'true', '--runs'],
      deadline: 30,
    },
    {
      name: 'benchmark: a results folder that is a file',
      args: ['benchmark', '--command', 'true', '--results-dir', p.file],
      deadline: 60,
    },
    {
      name: 'benchmark: fleet mode against a forge API that refuses',
      args: ['benchmark', '--mode', 'fleet', '--org', 'octo-org'],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN, FLYWHEEL_API_URL: `http://${p.refused}` },
      secrets: [TOKEN],
      deadline: 90,
    },
    {
      name: 'benchmark: fleet mode against a forge API that never answers',
      args: ['benchmark', '--mode', 'fleet', '--org', 'octo-org'],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN, FLYWHEEL_API_URL: `http://${p.silent}` },
      secrets: [TOKEN],
      deadline: 180,
    },
    // canary-check
    {
      name: 'canary-check: an API URL on a port nothing listens on',
      args: [
        'canary-check',
        '--repositories',
        'octo-org/app',
        '--runner-labels',
        'tinyland-nix',
        '--api-url',
        `http://${p.refused}`,
      ],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN },
      secrets: [TOKEN],
      deadline: 90,
    },
    {
      name: 'canary-check: an API host that does not resolve',
      args: [
        'canary-check',
        '--repositories',
        'octo-org/app',
        '--runner-labels',
        'tinyland-nix',
        '--api-url',
        `https://${p.unresolvable}`,
      ],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN },
      secrets: [TOKEN],
      deadline: 90,
    },
    {
      name: 'canary-check: an API URL that is not a URL',
      args: [
        'canary-check',
        '--repositories',
        'octo-org/app',
        '--runner-labels',
        'tinyland-nix',
        '--api-url',
        'not a url',
      ],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN },
      secrets: [TOKEN],
      deadline: 30,
    },
    {
      name: 'canary-check: an API that never answers',
      args: [
        'canary-check',
        '--repositories',
        'octo-org/app',
        '--runner-labels',
        'tinyland-nix',
        '--api-url',
        `http://${p.silent}`,
      ],
      env: { FLYWHEEL_INPUT_TOKEN: TOKEN },
      secrets: [TOKEN],
      deadline: 180,
    },
    {
      name: 'canary-check: credentials in the API URL',
      args: [
        'canary-check',
        '--repositories',
        'octo-org/app',
        '--runner-labels',
        'tinyland-nix',
        '--api-url',
        `https://bot:${SECRET}@${p.refused}`,
      ],
      secrets: [SECRET],
      deadline: 90,
    },
    {
      name: 'canary-check: no runner labels',
      args: ['canary-check', '--repositories', 'octo-org/app'],
      deadline: 30,
    },
    {
      name: 'canary-check: runner labels that are only separators',
      args: ['canary-check', '--repositories', 'octo-org/app', '--runner-labels', ', ,'],
      deadline: 30,
    },
    // arc-apply
    {
      name: 'arc-apply: a kubeconfig that does not exist',
      ...kube('/nonexistent/flywheel/kubeconfig'),
      deadline: 30,
    },
    {
      name: 'arc-apply: no kubeconfig anywhere',
      args: ['arc-apply', '--scale-sets', 'tinyland-nix'],
      deadline: 30,
    },
    {
      name: 'arc-apply: a kubeconfig that is not YAML',
      ...kube(p.kubeconfigNotYaml),
      deadline: 30,
    },
    {
      name: 'arc-apply: a cluster on a port nothing listens on',
      ...kube(p.kubeconfigRefused),
      secrets: [TOKEN],
      deadline: 90,
    },
    {
      name: 'arc-apply: a cluster that never answers',
      ...kube(p.kubeconfigSilent),
      secrets: [TOKEN],
      deadline: 180,
    },
    {
      name: 'arc-apply: a scale-set name Kubernetes would refuse',
      args: ['arc-apply', '--kubeconfig', p.kubeconfigRefused, '--scale-sets', 'Bad_Name!'],
      secrets: [TOKEN],
      deadline: 30,
    },
    {
      name: 'arc-apply: a namespace longer than 63 characters',
      args: [
        'arc-apply',
        '--kubeconfig',
        p.kubeconfigRefused,
        '--scale-sets',
        'tinyland-nix',
        '--runners-namespace',
        'a'.repeat(64),
      ],
      secrets: [TOKEN],
      deadline: 30,
    },
    {
      name: 'arc-apply: drift against a targets file that does not exist',
      ...kube(p.kubeconfigRefused, [
        '--mode',
        'drift',
        '--targets-file',
        '/nonexistent/flywheel/targets.json',
      ]),
      secrets: [TOKEN],
      deadline: 60,
    },
    {
      name: 'arc-apply: a working directory that does not exist',
      ...kube(p.kubeconfigRefused, ['--working-directory', '/nonexistent/flywheel/tofu']),
      secrets: [TOKEN],
      deadline: 60,
    },
  ];
}
