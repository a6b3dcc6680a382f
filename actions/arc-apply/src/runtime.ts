import { join, resolve } from 'node:path';
import { type ActionContext, writePrivateFile } from '@gloriousflywheel/shared';
import { type Clock, wallClock } from './engine/clock';
import { engineSettingsFrom, type RunInfo } from './engine/config';
import type { EngineDeps } from './engine/deps';
import type { Definition } from './inputs';
import { KubeClientGateway, loadKubeConfig } from './kube/client-gateway';
import type { ClusterGateway } from './kube/gateway';

export type Ctx = ActionContext<Definition>;

/**
 * What a mode body runs on beyond its context. Empty in production (the kubeconfig's cluster, the
 * wall clock); tests pass the simulator's gateway and clock through each mode's `mainWith`.
 */
export interface Runtime {
  gateway?: ClusterGateway;
  clock?: Clock;
}

/** The cluster gateway from the kubeconfig; its credentials are masked as soon as they are read. */
function gatewayFor(ctx: Ctx): ClusterGateway {
  const kc = loadKubeConfig(ctx.inputs.kubeconfig);
  for (const user of kc.getUsers()) {
    for (const secret of [user.token, user.password, user.keyData, user.certData])
      if (secret) ctx.setSecret(secret);
  }
  return new KubeClientGateway(kc);
}

export function engineDeps(ctx: Ctx, rt: Runtime): EngineDeps {
  return {
    gw: rt.gateway ?? gatewayFor(ctx),
    clock: rt.clock ?? wallClock,
    log: ctx.log,
    ...engineSettingsFrom(ctx.inputs),
  };
}

/**
 * tofu must change the cluster the pipeline froze: when the kubeconfig comes from the input, tofu
 * gets it as KUBECONFIG too (inline content is written to a 0600 file first).
 */
function tofuEnv(ctx: Ctx): NodeJS.ProcessEnv {
  const value = ctx.inputs.kubeconfig?.trim();
  if (!value) return {};
  if (!value.includes('\n') && !value.startsWith('apiVersion')) return { KUBECONFIG: resolve(value) };
  const file = join(ctx.tempDir, 'kubeconfig');
  writePrivateFile(file, value);
  return { KUBECONFIG: file };
}

/** Who this run is (repository, run and job), where it may write, and tofu's environment. */
export function runInfo(ctx: Ctx): RunInfo {
  const runId =
    [ctx.context.repository, ctx.context.runId, ctx.context.jobId].filter(Boolean).join('#') ||
    `local-${process.pid}`;
  return { runId, runnerName: ctx.context.runnerName, workDir: ctx.tempDir, tofuEnv: tofuEnv(ctx) };
}
