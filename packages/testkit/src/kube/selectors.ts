import { statusErrors } from './status';
import type { KubeObject, ResourceType } from './types';

/** One requirement of a label selector, as Kubernetes parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type LabelSelector = LabelRequirement[];

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key))
    throw statusErrors.badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  return splitTerms(text).map((term): LabelRequirement => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = set[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      return { key: checkKey(set[1]!, text), op: set[2] as 'in' | 'notin', values };
    }
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (cmp) {
      const op = cmp[2] === '!=' ? 'notin' : 'in';
      return { key: checkKey(cmp[1]!, text), op, values: [cmp[3]!] };
    }
    if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim(), text), op: 'notexists' };
    return { key: checkKey(term, text), op: 'exists' };
  });
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]!);
      case 'notin':
        return !has || !r.values.includes(l[r.key]!);
      default:
        return false;
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/**
 * Field labels each kind supports, and how the API server refuses another: kinds with their own
 * field-label conversion (pods, secrets, namespaces, custom resources) say `field label not
 * supported`, the others fall back to the default conversion's sentence.
 */
function fieldSupport(type: ResourceType): { fields: string[]; refuse: (field: string) => string } {
  const common = ['metadata.name', 'metadata.namespace'];
  const own = (extra: string[]) => ({
    fields: [...common, ...extra],
    refuse: (field: string) => `field label not supported: ${field}`,
  });
  if (type.kind === 'Pod') {
    return own([
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ]);
  }
  if (type.kind === 'Secret') return own(['type']);
  if (type.kind === 'Namespace') return own(['status.phase']);
  if (type.custom) return own([]);
  return {
    fields: common,
    refuse: (field) => `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
  };
}

export function parseFieldSelector(text: string | null | undefined, type: ResourceType): FieldRequirement[] {
  if (!text) return [];
  const support = fieldSupport(type);
  return splitTerms(text).map((term) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw statusErrors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1]!;
    if (!support.fields.includes(field)) throw statusErrors.badRequest(support.refuse(field));
    return { field, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

function fieldValue(obj: KubeObject, field: string): string {
  let value: unknown = obj;
  for (const part of field.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value === undefined || value === null ? '' : String(value);
}

export function matchesFields(requirements: FieldRequirement[], obj: KubeObject): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}

/** A compiled list/watch filter. */
export interface ObjectFilter {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldRequirement[];
}

export function matchesFilter(filter: ObjectFilter, obj: KubeObject): boolean {
  if (filter.namespace !== undefined && obj.metadata.namespace !== filter.namespace) return false;
  return matchesLabels(filter.labels, obj.metadata.labels) && matchesFields(filter.fields, obj);
}
