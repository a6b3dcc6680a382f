import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import YAML from 'yaml';
import { referenceMissingReason, referencePath } from '../reference';
import type { KubeObject, ResourceType } from './types';

/** The CRD copies the real schemas come from (reference material, read at run time, never copied). */
export const CRD_DIR = 'arc-crds-0.14.2';

export interface FieldCause {
  field: string;
  message: string;
  reason: string;
}

/** Validates (and prunes unknown fields of) a custom resource the way the API server does with a structural schema. */
export type SchemaValidator = (obj: KubeObject) => FieldCause[];

type Schema = Record<string, unknown>;

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

/**
 * Prepares a CRD schema for ajv: every object with declared properties is closed so that ajv prunes
 * unknown fields, as Kubernetes does; `format: int32` becomes the range it stands for.
 */
function closeObjects(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (
    out['properties'] &&
    out['additionalProperties'] === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out['additionalProperties'] = false;
  }
  if (out['format'] === 'int32') {
    out['minimum'] = out['minimum'] ?? INT32.minimum;
    out['maximum'] = out['maximum'] ?? INT32.maximum;
  }
  for (const key of ['properties', 'patternProperties'] as const) {
    const props = out[key] as Record<string, Schema> | undefined;
    if (props) out[key] = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, closeObjects(v)]));
  }
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    const sub = out[key];
    if (sub && typeof sub === 'object' && !Array.isArray(sub)) out[key] = closeObjects(sub as Schema);
  }
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) {
    const list = out[key] as Schema[] | undefined;
    if (list) out[key] = list.map(closeObjects);
  }
  return out;
}

const validators = new Map<string, ValidateFunction>();
let warned = false;
/** Bump when closeObjects or the ajv options change, so that cached validators are rebuilt. */
const PREPARATION = 'v2';

function compiler(): Ajv {
  // optimize:false cuts compile time of these large schemas several-fold; validation is the same.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    removeAdditional: true,
    code: { optimize: false, source: true },
  });
  // Formats as regular expressions or `true`, so that the compiled validator can be cached as code.
  ajv.addFormat('int32', true);
  ajv.addFormat('int64', true);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  return ajv;
}

/**
 * Compiling a CRD schema takes about a second, so each compiled validator is kept as code in the
 * machine's temp dir (keyed by the CRD file's hash); it is derived data, never part of the project.
 */
function cachedOrCompiled(file: string, version: string): ValidateFunction {
  const text = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(`${PREPARATION}\0${version}\0${text}`).digest('hex').slice(0, 32);
  const dir = join(tmpdir(), 'flywheel-crd-validators');
  const path = join(dir, `${key}.cjs`);
  const load = createRequire(import.meta.url);
  try {
    return load(path) as ValidateFunction;
  } catch {
    // not cached yet
  }
  const crd = YAML.parse(text) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
  };
  const found = crd.spec.versions.find((v) => v.name === version);
  if (!found) throw new Error(`${file} has no version ${version}`);
  const ajv = compiler();
  const validate = ajv.compile(closeObjects(found.schema.openAPIV3Schema));
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, standaloneCode(ajv, validate));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return validate;
}

/** Why CRD validation is off, or undefined when the reference CRDs are present. */
export function crdValidationUnavailable(): string | undefined {
  return referencePath(CRD_DIR) ? undefined : referenceMissingReason(CRD_DIR);
}

/** Says once per process that validation is off, so a run without the reference is never silently weaker. */
export function warnValidationOff(reason: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`[testkit/kube] CRD schema validation is off: ${reason}\n`);
}

function compiled(type: ResourceType): ValidateFunction | undefined {
  const cached = validators.get(type.plural);
  if (cached) return cached;
  const file = referencePath(CRD_DIR, `${type.group}_${type.plural}.yaml`);
  if (!file) return undefined;
  const validate = cachedOrCompiled(file, type.version);
  validators.set(type.plural, validate);
  return validate;
}

function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra) parts.push(extra);
  return parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function valueAt(obj: unknown, instancePath: string): unknown {
  let node = obj;
  for (const p of instancePath.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[p];
  return node;
}

/** The OpenAPI type name of a JSON value, as kube-openapi's validator reports it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function toCause(error: ErrorObject, obj: KubeObject): FieldCause {
  const value = JSON.stringify(valueAt(obj, error.instancePath));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = fieldPath(error.instancePath, String(params['missingProperty']));
      return { field, reason: 'FieldValueRequired', message: 'Required value' };
    }
    case 'type': {
      // The API server names the JSON type it found, not the value: `Invalid value: "string": …`.
      const field = fieldPath(error.instancePath);
      const found = JSON.stringify(jsonType(valueAt(obj, error.instancePath)));
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${found}: ${field} in body must be of type ${String(params['type'])}: ${found}`,
      };
    }
    case 'enum': {
      const field = fieldPath(error.instancePath);
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return {
        field,
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${value}: supported values: ${allowed}`,
      };
    }
    case 'minimum':
    case 'maximum': {
      const field = fieldPath(error.instancePath);
      const word = error.keyword === 'minimum' ? 'greater' : 'less';
      return {
        field,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value}: ${field} in body should be ${word} than or equal to ${String(params['limit'])}`,
      };
    }
    default: {
      const field = fieldPath(error.instancePath);
      return {
        field,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value}: ${field} in body ${error.message ?? 'is invalid'}`,
      };
    }
  }
}

/**
 * The validator for a custom resource type, or undefined when the reference CRDs are absent (then
 * validation is off and says so once on stderr).
 */
export function schemaValidator(type: ResourceType): SchemaValidator | undefined {
  const missing = crdValidationUnavailable();
  if (missing) {
    warnValidationOff(missing);
    return undefined;
  }
  const validate = compiled(type);
  if (!validate) return undefined;
  return (obj) => {
    // metadata is validated by the API server itself, not by the CRD schema; keep it out of pruning.
    const { metadata, ...rest } = obj;
    const candidate = { ...rest, metadata: {} } as KubeObject;
    if (validate(candidate)) {
      for (const key of Object.keys(obj)) if (!(key in candidate)) delete obj[key];
      Object.assign(obj, candidate, { metadata });
      return [];
    }
    const causes = (validate.errors ?? [])
      .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if')
      .map((e) => toCause(e, obj));
    const seen = new Set<string>();
    // The API server's order follows its schema walk and varies; the fake sorts by field to stay stable.
    return causes
      .filter((c) => {
        const key = `${c.field}|${c.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  };
}
