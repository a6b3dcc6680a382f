import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Validates fake GitHub responses against GitHub's own OpenAPI description shipped in
 * `@octokit/openapi`, so the fake cannot drift from the shapes the real API returns.
 */

interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> } | { $ref: string }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
}

const DOC_ID = 'https://openapi.invalid/api.github.com.json';

let loaded: { doc: OpenApiDocument; ajv: Ajv } | undefined;
const compiled = new Map<string, ValidateFunction | null>();

function load(): { doc: OpenApiDocument; ajv: Ajv } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
  // OpenAPI 3.0 formats: the ones with meaning get a check, the numeric hints are accepted as is.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  for (const name of ['int32', 'int64', 'uri-template', 'binary', 'byte', 'password', 'hostname', 'uuid']) {
    ajv.addFormat(name, true);
  }
  allowNullInNullableEnums(doc.components.schemas);
  nullableWithoutType(doc.components.schemas);
  ajv.addSchema({ $id: DOC_ID, components: { schemas: doc.components.schemas } });
  loaded = { doc, ajv };
  return loaded;
}

/**
 * OpenAPI 3.0 lets `nullable: true` admit null even when an `enum` omits it; JSON Schema (ajv)
 * needs null in the enum itself.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema['nullable'] === true && Array.isArray(schema['enum']) && !schema['enum'].includes(null)) {
    schema['enum'] = [...schema['enum'], null];
  }
  for (const value of Object.values(schema)) allowNullInNullableEnums(value);
}

/**
 * OpenAPI 3.0 also marks schemas without a `type` as nullable (an `allOf` of a ref, as the pull
 * request's `milestone` and `auto_merge` are); ajv accepts `nullable` only beside `type`, so such a
 * schema becomes `anyOf: [itself, null]`.
 */
function nullableWithoutType(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) nullableWithoutType(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) nullableWithoutType(value);
  if (schema['nullable'] === true && schema['type'] === undefined) {
    const { nullable: _, ...rest } = schema;
    for (const key of Object.keys(schema)) delete schema[key];
    schema['anyOf'] = [rest, { type: 'null' }];
  }
}

/** Rewrites document-local refs so a schema cut out of the document still resolves them. */
function anchorRefs(schema: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`));
  allowNullInNullableEnums(copy);
  nullableWithoutType(copy);
  return copy;
}

function responseSchema(doc: OpenApiDocument, method: string, route: string, status: number): unknown {
  const op = doc.paths[route]?.[method.toLowerCase()];
  if (!op) throw new Error(`the OpenAPI description has no operation ${method} ${route}`);
  let response = op.responses?.[String(status)];
  if (response && '$ref' in response) {
    const name = response.$ref.replace('#/components/responses/', '');
    response = doc.components.responses[name] as OpenApiOperation['responses'] extends infer R
      ? R[keyof R]
      : never;
  }
  // Errors GitHub answers everywhere (401, 403, rate limits) are not documented per route: they
  // carry the basic error body.
  if (!response && status >= 400) return { $ref: '#/components/schemas/basic-error' };
  if (!response) throw new Error(`${method} ${route} documents no ${status} response`);
  const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
  return content?.['application/json']?.schema;
}

/**
 * Validates one response body. `route` is the OpenAPI path template, e.g.
 * `/repos/{owner}/{repo}/actions/runners`. Returns the errors, empty when the body conforms.
 */
export function validateGitHubResponse(
  method: string,
  route: string,
  status: number,
  body: unknown,
): string[] {
  const key = `${method.toUpperCase()} ${route} ${status}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const { doc, ajv } = load();
    const schema = responseSchema(doc, method, route, status);
    validate = schema === undefined ? null : ajv.compile(anchorRefs(schema) as object);
    compiled.set(key, validate);
  }
  if (validate === null) return body === undefined || body === '' ? [] : [`${key} documents no JSON body`];
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => `${key}: ${e.instancePath || '/'} ${e.message}`);
}

/** True when the description documents this operation (used by the fake to pick its route names). */
export function hasGitHubOperation(method: string, route: string): boolean {
  return Boolean(load().doc.paths[route]?.[method.toLowerCase()]);
}
