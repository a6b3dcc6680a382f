import { cloneJson } from './clone';
import { validateMetadata } from './meta-validation';
import { validatePod } from './pods';
import { type Cause, statusErrors } from './status';
import type { KubeObject, ResourceType } from './types';
import { type SchemaValidator, schemaValidator } from './validation';

/** What the API server does with unknown fields of a custom resource (the `fieldValidation` parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The options of one write, as a request carries them in its query; none of them outlives the call. */
export interface WriteOptions {
  /** `Strict` rejects unknown fields (400), `Warn` prunes them with a warning, `Ignore` prunes them silently. */
  fieldValidation?: FieldValidation;
  /** `dryRun=All`: every default and check applies; nothing is stored or announced. */
  dryRun?: boolean;
  /** Receives the write's warnings, for the response's `Warning` header (as `warning.AddWarning` does). */
  warn?: (message: string) => void;
}

/** Paths present in `before` but gone from `after`: the fields schema pruning dropped. */
function prunedPaths(before: unknown, after: unknown, path = ''): string[] {
  if (!before || typeof before !== 'object') return [];
  if (Array.isArray(before)) {
    return before.flatMap((v, i) => prunedPaths(v, (after as unknown[] | undefined)?.[i], `${path}[${i}]`));
  }
  const a = (after ?? {}) as Record<string, unknown>;
  return Object.entries(before as Record<string, unknown>).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    return Object.hasOwn(a, k) ? prunedPaths(v, a[k], p) : [p];
  });
}

/**
 * Validation on the way into storage: object metadata for every kind, and for custom resources the
 * CRD's structural schema, which prunes unknown fields (reported or refused per `fieldValidation`).
 */
export class Admission {
  private readonly validators = new Map<string, SchemaValidator | undefined>();

  /** `validateCrds` false turns schema validation off (it is off anyway when the reference is absent). */
  constructor(readonly validateCrds: boolean) {}

  /**
   * Whether admitting an object of this type may change it below its metadata (schema pruning of a
   * custom resource); a write that shares parts with the stored object must not be admitted so.
   */
  mayPrune(type: ResourceType): boolean {
    return type.custom && this.validateCrds;
  }

  /** Validates `obj` in place (pruning unknown fields); throws the API server's Status error. */
  admit(type: ResourceType, obj: KubeObject, mode: FieldValidation, warn?: (message: string) => void): void {
    const causes: Cause[] = validateMetadata(obj);
    let warnings: string[] = [];
    const validator = type.custom && this.validateCrds ? this.validator(type) : undefined;
    if (validator) {
      const before = mode === 'Ignore' ? undefined : cloneJson(obj);
      causes.push(...validator(obj));
      const unknown = before ? prunedPaths(before, obj) : [];
      // Strict decoding happens before validation: unknown fields are refused first (400).
      if (unknown.length > 0 && mode === 'Strict') {
        throw statusErrors.badRequest(
          `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`,
        );
      }
      warnings = unknown.map((u) => `unknown field "${u}"`);
    }
    if (type.kind === 'Pod') causes.push(...validatePod(obj));
    if (causes.length > 0) throw statusErrors.invalid(type, obj.metadata.name ?? '', causes);
    for (const warning of warnings) warn?.(warning);
  }

  private validator(type: ResourceType): SchemaValidator | undefined {
    if (!this.validators.has(type.plural)) this.validators.set(type.plural, schemaValidator(type));
    return this.validators.get(type.plural);
  }
}
