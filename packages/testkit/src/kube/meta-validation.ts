import type { KubeObject } from './types';
import type { FieldCause } from './validation';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Label keys and values already found valid: the checks are pure, and the same few labels come
 * on every write of every runner. Bounded, as a test may write any number of distinct ones.
 */
const validKeys = new Set<string>();
const validValues = new Set<string>();
const MAX_REMEMBERED = 10_000;

function remember(set: Set<string>, value: string): void {
  if (set.size >= MAX_REMEMBERED) set.clear();
  set.add(value);
}

function validLabelKey(key: string): boolean {
  if (validKeys.has(key)) return true;
  const keyName = key.split('/').pop() ?? '';
  const ok = QUALIFIED_NAME.test(key) && keyName.length <= 63;
  if (ok) remember(validKeys, key);
  return ok;
}

/** The object-metadata checks the API server makes for every kind: name, label keys and values. */
export function validateMetadata(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = obj.metadata.name ?? '';
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    causes.push({
      field: 'metadata.name',
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  }
  for (const [key, value] of Object.entries(obj.metadata.labels ?? {})) {
    if (typeof value !== 'string') {
      causes.push({
        field: `metadata.labels`,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${JSON.stringify(value)}: must be a string`,
      });
      continue;
    }
    if (!validLabelKey(key)) {
      causes.push({
        field: 'metadata.labels',
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must be no more than 63 characters`,
      });
    }
    if (validValues.has(value)) continue;
    if (value.length > 63) {
      causes.push({
        field: 'metadata.labels',
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${value}": must be no more than 63 characters`,
      });
    } else if (!LABEL_VALUE.test(value)) {
      causes.push({
        field: 'metadata.labels',
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    } else remember(validValues, value);
  }
  for (const [key, value] of Object.entries(obj.metadata.annotations ?? {})) {
    if (typeof value !== 'string') {
      causes.push({
        field: `metadata.annotations`,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${JSON.stringify(value)} for ${key}: must be a string`,
      });
    }
  }
  return causes;
}
