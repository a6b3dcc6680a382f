/**
 * Pure validators for the value kinds every action accepts. Each returns the parsed value or throws
 * an `InputProblem` saying what is accepted; the caller adds the input's name and what was given.
 */
import { parseDuration } from '../time/duration';

export class InputProblem extends Error {}

const BOOLEAN_TRUE = new Set(['true', 'True', 'TRUE']);
const BOOLEAN_FALSE = new Set(['false', 'False', 'FALSE']);

export function parseBoolean(raw: string): boolean {
  if (BOOLEAN_TRUE.has(raw)) return true;
  if (BOOLEAN_FALSE.has(raw)) return false;
  throw new InputProblem('expected `true` or `false`');
}

export function parseInteger(raw: string, min?: number, max?: number): number {
  if (!/^[-+]?\d+$/.test(raw)) throw new InputProblem(`expected a whole number${rangeText(min, max)}`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new InputProblem('the number is too large');
  checkRange(value, min, max);
  return value;
}

export function parseNumber(raw: string, min?: number, max?: number): number {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw))
    throw new InputProblem(`expected a number${rangeText(min, max)}`);
  const value = Number(raw);
  checkRange(value, min, max);
  return value;
}

/**
 * The longest delay Node's timers can schedule (2^31 − 1 ms, about 24.8 days): a longer one fires
 * at once, so a wait of `9000h` would end immediately and a sampling interval would spin.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function parseDurationInput(
  raw: string,
  minMs?: number,
  maxMs?: number,
  { schedulable = true }: { schedulable?: boolean } = {},
): number {
  const ms = parseDuration(raw);
  if (ms === undefined)
    throw new InputProblem('expected a duration such as `90s`, `20m` or `1h30m` (units ms, s, m, h, d)');
  if (schedulable && ms > MAX_TIMER_MS)
    throw new InputProblem(
      'expected at most `24d`: longer waits overflow the runtime’s timers (about 24.8 days at most)',
    );
  if (minMs !== undefined && ms < minMs) throw new InputProblem(`expected at least ${minMs} ms`);
  if (maxMs !== undefined && ms > maxMs) throw new InputProblem(`expected at most ${maxMs} ms`);
  return ms;
}

export function parseEnum<T extends string>(raw: string, options: readonly T[]): T {
  if ((options as readonly string[]).includes(raw)) return raw as T;
  throw new InputProblem(`expected one of ${options.map((o) => `\`${o}\``).join(', ')}`);
}

export function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputProblem('expected an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputProblem('expected an absolute http:// or https:// URL');
  }
  if (url.username || url.password) {
    throw new InputProblem('credentials do not belong in the URL: pass them through the token input');
  }
  return url;
}

export function parseRegex(raw: string): RegExp {
  try {
    return new RegExp(raw);
  } catch (error) {
    throw new InputProblem(`expected a valid regular expression (${(error as Error).message})`);
  }
}

export function parsePattern(raw: string, pattern: RegExp, what: string): string {
  if (!pattern.test(raw)) throw new InputProblem(`expected ${what}`);
  return raw;
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const KUBE_NAME = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);

const KUBE_LABEL = new RegExp(`^${DNS_LABEL}$`);

/** A namespace (or any DNS-1123 label name): at most 63 characters, no dots. */
export function parseKubeLabel(raw: string): string {
  if (raw.length > 63 || !KUBE_LABEL.test(raw)) {
    throw new InputProblem(
      `expected a Kubernetes namespace name: lowercase letters, digits and \`-\`, at most 63 characters${raw.length > 63 ? ` (this one has ${raw.length})` : ''}`,
    );
  }
  return raw;
}

/** One line: a token or name copied with a line break or control character would break an HTTP header. */
export function parseSingleLine(raw: string): string {
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    throw new InputProblem(
      /[\r\n]/.test(raw)
        ? 'expected one line, but the value holds a line break (copied with a newline?)'
        : 'expected one line of text, but the value holds a control character',
    );
  }
  return raw;
}

/** A Kubernetes object name: a DNS-1123 subdomain. */
export function parseKubeName(raw: string): string {
  if (raw.length > 253 || !KUBE_NAME.test(raw)) {
    throw new InputProblem(
      'expected a Kubernetes name: lowercase letters, digits, `-` and `.`, at most 253 characters',
    );
  }
  return raw;
}

const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** A Kubernetes label selector (`a=b,c!=d,e in (f,g),!h`), validated the way the API server would. */
export function parseLabelSelector(raw: string): string {
  const requirements = splitSelector(raw);
  for (const req of requirements) {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req);
    if (set) {
      checkLabelKey(set[1]!);
      for (const value of set[3]!.split(',')) checkLabelValue(value.trim());
      continue;
    }
    const exists = /^(!?)([^\s!=]+)$/.exec(req);
    if (exists) {
      checkLabelKey(exists[2]!);
      continue;
    }
    const eq = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(req);
    if (eq) {
      checkLabelKey(eq[1]!);
      checkLabelValue(eq[3]!);
      continue;
    }
    throw new InputProblem(
      `expected a label selector such as \`app=web,tier!=db\`; \`${req}\` is not a requirement`,
    );
  }
  return requirements.join(',');
}

function splitSelector(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  if (parts.some((p) => p === ''))
    throw new InputProblem('expected a label selector with no empty requirement');
  return parts;
}

function checkLabelKey(key: string): void {
  if (key.length > 317 || !QUALIFIED_NAME.test(key))
    throw new InputProblem(`\`${key}\` is not a valid label key`);
}

function checkLabelValue(value: string): void {
  if (!LABEL_VALUE.test(value)) throw new InputProblem(`\`${value}\` is not a valid label value`);
}

export interface OwnerRepo {
  owner: string;
  repo: string;
}

/** A GitHub repository as `owner/repo`. */
export function parseOwnerRepo(raw: string): OwnerRepo {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(raw);
  if (!match || match[2] === '.' || match[2] === '..' || match[1]!.endsWith('-')) {
    throw new InputProblem('expected a repository as `owner/repo`');
  }
  return { owner: match[1]!, repo: match[2]! };
}

/**
 * Splits a list input. With more than one line, each line is an item (so an item may contain a
 * comma, as regexes and selectors do); on one line, items are comma-separated. Blank items and
 * lines starting with `#` are ignored.
 */
export function splitList(raw: string): string[] {
  const lines = raw.split(/\r?\n/).filter((line) => !line.trim().startsWith('#'));
  const items =
    lines.filter((line) => line.trim() !== '').length > 1 ? lines : lines.flatMap((l) => l.split(','));
  // An item made only of separators (`,` on a line of its own) is as blank as an empty one.
  return items.map((item) => item.trim()).filter((item) => item.replace(/,/g, '').trim() !== '');
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function checkRange(value: number, min?: number, max?: number): void {
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new InputProblem(`expected a number${rangeText(min, max)}`);
  }
}
