import { statusErrors } from './status';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else (arrays too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = {};
  // defineProperty keeps a `__proto__` key a plain data property, as it is in JSON.
  const set = (key: string, value: Json) =>
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  if (isObject(target)) for (const [key, value] of Object.entries(target)) set(key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else set(key, mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
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
  if (!pointer.startsWith('/')) throw statusErrors.badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[], pointer: string): { parent: Json; key: string } {
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[part];
    else node = undefined;
    if (node === undefined) throw statusErrors.unprocessable(`doc is missing path: "${pointer}"`);
  }
  return { parent: node, key: parts[parts.length - 1]! };
}

function getAt(doc: Json, pointer: string): Json {
  let node = doc;
  for (const part of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = Object.hasOwn(node, part) ? node[part] : undefined;
    else node = undefined;
    if (node === undefined) throw statusErrors.unprocessable(`doc is missing path: "${pointer}"`);
  }
  return node;
}

function arrayIndex(arr: Json[], key: string, forAdd: boolean, pointer: string): number {
  if (forAdd && key === '-') return arr.length;
  const index = Number(key);
  if (!/^\d+$/.test(key) || index > arr.length || (!forAdd && index === arr.length)) {
    throw statusErrors.unprocessable(`unable to access invalid index: ${key} in "${pointer}"`);
  }
  return index;
}

function add(doc: Json, pointer: string, value: Json): Json {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return structuredClone(value);
  const { parent, key } = parentOf(doc, parts, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, pointer), 0, structuredClone(value));
  else if (isObject(parent)) parent[key] = structuredClone(value);
  else throw statusErrors.unprocessable(`doc is missing path: "${pointer}"`);
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const parts = parsePointer(pointer);
  const { parent, key } = parentOf(doc, parts, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, pointer), 1);
  else if (isObject(parent) && Object.hasOwn(parent, key)) delete parent[key];
  else throw statusErrors.unprocessable(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** RFC 6902 JSON patch, all six operations; a failed `test` rejects the whole patch (422 as the API server does). */
export function jsonPatch(target: Json, ops: JsonPatchOp[]): Json {
  if (!Array.isArray(ops)) throw statusErrors.badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, op.value);
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        getAt(doc, op.path);
        doc = add(remove(doc, op.path), op.path, op.value);
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
          throw statusErrors.unprocessable(`testing value ${op.path} failed: test failed`);
        }
        break;
      default:
        throw statusErrors.badRequest(`Unexpected kind: ${(op as { op: string }).op}`);
    }
  }
  return doc;
}

export { deepEqual };
