import { cloneJson } from './clone';
import { statusErrors } from './status';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the API server says of a patch body that does not decode (`error decoding patch: …`). */
function undecodable(body: Json, want: string): never {
  const got = Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body;
  const jsonType = got === 'boolean' ? 'bool' : got;
  throw statusErrors.badRequest(
    `error decoding patch: json: cannot unmarshal ${jsonType} into Go value of type ${want}`,
  );
}

/** A merge patch body must be a JSON object (the API server decodes it into a map). */
export function checkMergePatchBody(body: Json): void {
  if (!isObject(body)) undecodable(body, 'map[string]interface {}');
}

/** Sets an own data property; defineProperty keeps a `__proto__` key a plain data property, as in JSON. */
function setData(obj: Record<string, Json>, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else (arrays too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return cloneJson(patch);
  const result: Record<string, Json> = {};
  if (isObject(target)) for (const key of Object.keys(target)) setData(result, key, target[key]);
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else setData(result, key, mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
  }
  return result;
}

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw statusErrors.patchNotApplicable();
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[]): { parent: Json; key: string } {
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[part];
    else node = undefined;
    if (node === undefined) throw statusErrors.patchNotApplicable();
  }
  return { parent: node, key: parts[parts.length - 1]! };
}

function getAt(doc: Json, pointer: string): Json {
  let node = doc;
  for (const part of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = Object.hasOwn(node, part) ? node[part] : undefined;
    else node = undefined;
    if (node === undefined) throw statusErrors.patchNotApplicable();
  }
  return node;
}

function arrayIndex(arr: Json[], key: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length;
  const index = Number(key);
  if (!/^\d+$/.test(key) || index > arr.length || (!forAdd && index === arr.length)) {
    throw statusErrors.patchNotApplicable();
  }
  return index;
}

function add(doc: Json, pointer: string, value: Json): Json {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return cloneJson(value);
  const { parent, key } = parentOf(doc, parts);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, cloneJson(value));
  else if (isObject(parent)) parent[key] = cloneJson(value);
  else throw statusErrors.patchNotApplicable();
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const parts = parsePointer(pointer);
  const { parent, key } = parentOf(doc, parts);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, key)) delete parent[key];
  else throw statusErrors.patchNotApplicable();
  return doc;
}

function replace(doc: Json, pointer: string, value: Json): Json {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return cloneJson(value);
  const { parent, key } = parentOf(doc, parts);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, false), 1, cloneJson(value));
    return doc;
  }
  if (!isObject(parent)) throw statusErrors.patchNotApplicable();
  parent[key] = cloneJson(value);
  return doc;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!Object.hasOwn(b, k) || !deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * RFC 6902 JSON patch, all six operations, as the API server applies it: any failing operation
 * rejects the whole patch with one 422 that does not say why; `replace` of a missing key of an
 * existing object adds it (the API server's patch library allows that).
 */
export function jsonPatch(target: Json, ops: JsonPatchOp[]): Json {
  if (!Array.isArray(ops)) undecodable(ops, '[]handlers.jsonPatchOp');
  let doc = cloneJson(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, op.value);
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        doc = replace(doc, op.path, op.value);
        break;
      case 'move': {
        const value = getAt(doc, op.from ?? '');
        doc = add(remove(doc, op.from ?? ''), op.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, op.path, getAt(doc, op.from ?? ''));
        break;
      case 'test':
        if (!deepEqual(getAt(doc, op.path), op.value)) {
          throw statusErrors.patchNotApplicable();
        }
        break;
      default:
        throw statusErrors.patchNotApplicable();
    }
  }
  return doc;
}

export { deepEqual };
