import { describe, expect, it } from 'vitest';
import {
  configFrom,
  DRAIN_PROGRESS_EVERY_MS,
  engineSettingsFrom,
  LISTENER_GONE_TIMEOUT_MS,
  PROOF_STABLE_FOR_MAX_MS,
  targetSourceFrom,
} from '../src/engine/config';
import { inputsOf } from './helpers';

const run = { runId: 'org/repo#7#build', runnerName: 'operator-abc', workDir: '/private/dir' };

describe('the apply configuration comes from the inputs', () => {
  it('renames every input once and adds the named policy', () => {
    const cfg = configFrom(
      inputsOf({
        'scale-sets': 'tinyland-nix\napp.kubernetes.io/part-of=gha-rs',
        'freeze-mode': 'cap-current',
        'drain-timeout': '5m',
        'on-drain-timeout': 'proceed',
        'tofu-bin': '/usr/bin/tofu',
        'working-directory': 'infra',
        'var-files': 'a.tfvars,b.tfvars',
        'targets-variable': 'extra_runner_sets',
        'allow-addresses': 'helm_release.*',
        grace: '10s',
        'dry-run': 'true',
      }),
      { ...run, tofuEnv: { KUBECONFIG: '/private/dir/kubeconfig' } },
    );
    expect(cfg).toEqual({
      scaleSets: ['tinyland-nix', 'app.kubernetes.io/part-of=gha-rs'],
      freezeMode: 'cap-current',
      drainTimeoutMs: 5 * 60_000,
      onDrainTimeout: 'proceed',
      progressEveryMs: DRAIN_PROGRESS_EVERY_MS,
      tofu: {
        bin: '/usr/bin/tofu',
        workingDirectory: 'infra',
        varFiles: ['a.tfvars', 'b.tfvars'],
        env: { KUBECONFIG: '/private/dir/kubeconfig' },
      },
      targetsFile: undefined,
      targetsVariable: 'extra_runner_sets',
      protect: ['arc-controller', 'arc-crds', 'namespaces'],
      allow: ['helm_release.*'],
      graceMs: 10_000,
      proveTimeoutMs: 10 * 60_000,
      // A grace shorter than the cap bounds how long a drift signature must hold.
      stableForMs: 10_000,
      settleTimeoutMs: 2 * 60_000,
      podMaxAgeMs: 60 * 60_000,
      listenerGoneTimeoutMs: LISTENER_GONE_TIMEOUT_MS,
      dryRun: true,
      runId: run.runId,
      runnerName: 'operator-abc',
      workDir: '/private/dir',
    });
  });

  it('takes the definition’s defaults for what is not given', () => {
    const cfg = configFrom(inputsOf(), run);
    expect(cfg).toMatchObject({
      scaleSets: [],
      freezeMode: 'zero',
      drainTimeoutMs: 20 * 60_000,
      onDrainTimeout: 'fail',
      graceMs: 60_000,
      stableForMs: PROOF_STABLE_FOR_MAX_MS,
      tofu: { bin: 'tofu', workingDirectory: '.', varFiles: [], env: {} },
      allow: [],
      dryRun: false,
    });
    expect(engineSettingsFrom(inputsOf())).toEqual({
      ns: { runners: 'arc-runners', controller: 'arc-systems' },
      pollMs: 5_000,
    });
  });

  it('names the target source the drift mode and the pipeline both read', () => {
    expect(targetSourceFrom(inputsOf({ 'working-directory': 'infra', 'targets-file': 'caps.yaml' }))).toEqual(
      {
        workingDirectory: 'infra',
        varFiles: [],
        targetsFile: 'caps.yaml',
        targetsVariable: undefined,
      },
    );
  });
});
