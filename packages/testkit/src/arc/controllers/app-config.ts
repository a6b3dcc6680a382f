import { type SimContext, types } from '../context';

/**
 * The controller's SecretResolver: every GitHub call (and the listener's app config) first reads
 * the object's `githubConfigSecret` from the object's namespace; when it is missing the call fails
 * with this error and the reconcile returns it (ARC gha-runner-scale-set-0.14.2
 * controllers/actions.github.com/secretresolver/secret_resolver.go: GetAppConfig,
 * GetActionsService, k8sResolver.appConfig).
 */
export function appConfigError(
  ctx: SimContext,
  namespace: string,
  secretName: string | undefined,
): Error | undefined {
  if (!secretName || ctx.cache.get(types.secret, namespace, secretName)) return undefined;
  return new Error(
    `failed to resolve app config: failed to get kubernetes secret: "${namespace}/${secretName}"`,
  );
}

/** The same check for an object whose spec names its secret (`githubConfigSecret`). */
export function appConfigErrorOf(
  ctx: SimContext,
  obj: { metadata: { namespace?: string }; spec?: unknown },
): Error | undefined {
  const spec = (obj.spec ?? {}) as {
    githubConfigSecret?: string;
    ephemeralRunnerSpec?: { githubConfigSecret?: string };
  };
  return appConfigError(
    ctx,
    obj.metadata.namespace!,
    spec.githubConfigSecret ?? spec.ephemeralRunnerSpec?.githubConfigSecret,
  );
}
