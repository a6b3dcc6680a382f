import { randomUUID } from 'node:crypto';
import { cloneJson } from './clone';
import { carryDeletionState } from './deletion';
import { checkMergePatchBody, deepEqual, type JsonPatchOp, jsonPatch, mergePatch } from './patch';
import { podDefaults } from './pods';
import { apiVersionOf, resourceByKind } from './resources';
import { statusErrors } from './status';
import type { ObjectStorage } from './storage';
import { kubeTimestamp, randomSuffix } from './time';
import type { KubeObject, ResourceType } from './types';

/**
 * What the API server makes of a request body before admission (its registry's create and update
 * strategies): checks against the URL and the stored object, patches, names, the fields it owns,
 * the status subresource split and metadata.generation.
 */

export type PatchType = 'json' | 'merge' | 'strategic';

/**
 * Kinds whose registry strategy keeps metadata.generation (custom resources, pods since 1.34,
 * deployments); ConfigMaps, Secrets, ServiceAccounts and Namespaces have none.
 */
export function tracksGeneration(type: ResourceType): boolean {
  return type.custom || type.kind === 'Pod' || type.kind === 'Deployment';
}

/** Everything except metadata and status: a change here bumps metadata.generation. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

export interface CreateContext {
  storage: ObjectStorage;
  now: () => Date;
  random: () => number;
}

/** The object a create stores (before admission): checked against the URL and storage, with server-set fields. */
export function prepareCreate(
  type: ResourceType,
  namespace: string | undefined,
  body: KubeObject,
  { storage, now, random }: CreateContext,
): KubeObject {
  const obj = cloneJson(body) as KubeObject;
  obj.metadata = obj.metadata ?? {};
  obj.apiVersion = obj.apiVersion ?? apiVersionOf(type);
  obj.kind = obj.kind ?? type.kind;
  if (obj.kind !== type.kind || obj.apiVersion !== apiVersionOf(type)) {
    throw statusErrors.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(type)}) or kind ${obj.kind} is not ${type.kind}`,
    );
  }
  if (type.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw statusErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    if (!obj.metadata.namespace)
      throw statusErrors.badRequest('a namespace is required to create this object');
    if (!storage.peek(resourceByKind('Namespace'), undefined, obj.metadata.namespace)) {
      throw statusErrors.notFound(resourceByKind('Namespace'), obj.metadata.namespace);
    }
  } else delete obj.metadata.namespace;
  if (!obj.metadata.name) {
    if (!obj.metadata.generateName) {
      throw statusErrors.invalid(type, '', [
        {
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
          reason: 'FieldValueRequired',
        },
      ]);
    }
    do obj.metadata.name = obj.metadata.generateName + randomSuffix(random);
    while (storage.peek(type, obj.metadata.namespace, obj.metadata.name));
  }
  if (storage.peek(type, obj.metadata.namespace, obj.metadata.name))
    throw statusErrors.alreadyExists(type, obj.metadata.name);
  obj.metadata.uid = randomUUID();
  obj.metadata.creationTimestamp = kubeTimestamp(now());
  if (tracksGeneration(type)) obj.metadata.generation = 1;
  else delete obj.metadata.generation;
  delete obj.metadata.deletionTimestamp;
  delete obj.metadata.deletionGracePeriodSeconds;
  // With a status subresource, create ignores the status the client sent (the controller writes it).
  if (type.subresources.includes('status')) {
    if (type.kind === 'Pod') obj.status = { phase: 'Pending' };
    else if (type.kind === 'Namespace') obj.status = { phase: 'Active' };
    else delete obj.status;
  }
  if (type.kind === 'Namespace') namespaceDefaults(obj);
  if (type.kind === 'Pod') podDefaults(obj);
  return obj;
}

/** The namespace strategy: the `kubernetes` finalizer in spec and the name label every namespace carries. */
export function namespaceDefaults(obj: KubeObject): void {
  obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
  const spec = (obj.spec ?? {}) as { finalizers?: string[] };
  obj.spec = { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] };
}

/**
 * The object an update or patch stores (before admission): `next` for the object itself (status kept
 * when a status subresource exists) or only its status; identity fields and deletion state from
 * `current`; generation bumped when anything but metadata and status changed. With `share`, the
 * parts taken from `current` are its own objects, not copies: stored objects are never mutated, and
 * nothing after this mutates below the top level and metadata unless admission prunes (the caller
 * shares only when it does not).
 */
export function prepareUpdate(
  type: ResourceType,
  current: KubeObject,
  next: KubeObject,
  subresource?: 'status',
  share = false,
): KubeObject {
  let obj: KubeObject;
  if (subresource === 'status') {
    obj = { ...(share ? current : cloneJson(current)) } as KubeObject;
    if (next.status === undefined) delete obj.status;
    else obj.status = next.status;
  } else {
    obj = next;
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    if (type.subresources.includes('status')) {
      if (current.status === undefined) delete obj.status;
      else obj.status = share ? current.status : cloneJson(current.status);
    }
  }
  const m = current.metadata;
  obj.metadata = {
    ...obj.metadata,
    name: m.name,
    uid: m.uid,
    creationTimestamp: m.creationTimestamp,
    resourceVersion: m.resourceVersion,
    generation: m.generation,
  } as KubeObject['metadata'];
  if (m.generation === undefined) delete obj.metadata.generation;
  if (type.namespaced) obj.metadata.namespace = m.namespace;
  carryDeletionState(type, current, obj);
  if (obj.metadata.finalizers?.length === 0) delete obj.metadata.finalizers;
  if (obj.metadata.ownerReferences?.length === 0) delete obj.metadata.ownerReferences;
  if (type.kind === 'Namespace') namespaceDefaults(obj);
  if (tracksGeneration(type) && !deepEqual(specPart(obj), specPart(current)))
    obj.metadata.generation = (m.generation ?? 1) + 1;
  return obj;
}

/** The checks a PUT body passes against the URL and the stored object (optimistic concurrency). */
export function checkUpdateBody(
  type: ResourceType,
  name: string,
  current: KubeObject,
  body: KubeObject,
): void {
  if (body.metadata?.name && body.metadata.name !== name) {
    throw statusErrors.badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const sentRv = body.metadata?.resourceVersion;
  if (!sentRv && type.custom) {
    throw statusErrors.invalidResource(type, name, [
      { field: 'metadata.resourceVersion', message: 'Invalid value: 0: must be specified for an update' },
    ]);
  }
  if (sentRv && sentRv !== current.metadata.resourceVersion) throw statusErrors.conflict(type, name);
}

/**
 * The stored object with a patch applied; a resourceVersion in the patch is a precondition. A JSON
 * patch works on its own copy. A merge patch builds new objects along the patch's paths; with
 * `share` the rest stays the stored object's own (never mutated, see prepareUpdate), else a copy.
 */
export function applyPatch(
  type: ResourceType,
  name: string,
  current: KubeObject,
  patchType: PatchType,
  body: unknown,
  share = false,
): KubeObject {
  if (patchType !== 'json') checkMergePatchBody(body);
  const patched = (
    patchType === 'json'
      ? jsonPatch(current, body as JsonPatchOp[])
      : mergePatch(share ? current : cloneJson(current), body)
  ) as KubeObject;
  if (!patched || typeof patched !== 'object' || !patched.metadata) {
    throw statusErrors.badRequest('the patch removed the object metadata');
  }
  // A resourceVersion in the patch is a precondition, as on a real API server.
  if (patched.metadata.resourceVersion !== current.metadata.resourceVersion)
    throw statusErrors.conflict(type, name);
  return patched;
}
