import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ActionContext, writePrivateFile } from '@gloriousflywheel/shared';
import { type Clock, wallClock } from './engine/clock';
import { engineSettingsFrom, type RunInfo } from './engine/config';
import type { EngineDeps } from './engine/deps';
import type { Definition } from './inputs';
import { KubeClientGateway, resolveKubeConfig } from './kube/client-gateway';
import type { ClusterGateway } from './kube/gateway';
import { isKubeconfigContent } from './kube/kubeconfig-input';

export type Ctx = ActionContext<Definition>;

/**
 * What a mode body runs on beyond its context. Empty in production (the kubeconfig's cluster, the
 * wall clock); tests pass the simulator's gateway and clock through each mode's `mainWith`.
 */
export interface Runtime {
  gateway?: ClusterGateway;
  clock?: Clock;
}

/**
 * The cluster gateway from the kubeconfig (checked before any call: see resolveKubeConfig); its
 * credentials are masked as soon as they are read, wherever the kubeconfig came from.
 */
function gatewayFor(ctx: Ctx): ClusterGateway {
  const { kc } = resolveKubeConfig(ctx.inputs.kubeconfig);
  for (const user of kc.getUsers()) {
    const providerConfig = Object.values((user.authProvider?.config ?? {}) as Record<string, unknown>);
    const execEnv = ((user.exec?.env ?? []) as { value?: unknown }[]).map((e) => e.value);
    for (const secret of [user.token, user.password, user.keyData, ...providerConfig, ...execEnv])
      if (typeof secret === 'string' && secret) ctx.setSecret(secret);
  }
  return new KubeClientGateway(kc, { timeoutMs: ctx.inputs['kube-timeout'] });
}

export function engineDeps(ctx: Ctx, rt: Runtime): EngineDeps {
  return {
    gw: rt.gateway ?? gatewayFor(ctx),
    clock: rt.clock ?? wallClock,
    log: ctx.log,
    ...engineSettingsFrom(ctx.inputs),
  };
}

/** Where inline kubeconfig content is written for tofu: the run's private temp folder. */
export const TOFU_KUBECONFIG = 'kubeconfig';

/**
 * tofu must change the cluster the pipeline froze: when the kubeconfig comes from the input, tofu
 * gets it as KUBECONFIG too (inline content is written to a 0600 file first, which
 * `removeCredentialFiles` deletes when main ends and again in post).
 */
function tofuEnv(ctx: Ctx): NodeJS.ProcessEnv {
  const value = ctx.inputs.kubeconfig?.trim();
  if (!value) return {};
  if (!isKubeconfigContent(value)) return { KUBECONFIG: resolve(value) };
  const file = join(ctx.tempDir, TOFU_KUBECONFIG);
  writePrivateFile(file, value);
  return { KUBECONFIG: file };
}

/** Deletes the credential files this run wrote (the kubeconfig for tofu): nothing with a token stays. */
export function removeCredentialFiles(ctx: Ctx): void {
  rmSync(join(ctx.tempDir, TOFU_KUBECONFIG), { force: true });
}

/** Who this run is (repository, run and job), where it may write, and tofu's environment. */
export function runInfo(ctx: Ctx): RunInfo {
  const runId =
    [ctx.context.repository, ctx.context.runId, ctx.context.jobId].filter(Boolean).join('#') ||
    `local-${process.pid}`;
  return { runId, runnerName: ctx.context.runnerName, workDir: ctx.tempDir, tofuEnv: tofuEnv(ctx) };
}
