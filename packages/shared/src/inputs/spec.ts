/**
 * The one typed definition of an action's inputs and outputs. action.yml, the README tables, the
 * GitLab template's spec:inputs and the CLI flags are all checked against it.
 */
import {
  InputProblem,
  type OwnerRepo,
  parseBoolean,
  parseDurationInput,
  parseEnum,
  parseInteger,
  parseKubeLabel,
  parseKubeName,
  parseLabelSelector,
  parseNumber,
  parseOwnerRepo,
  parsePattern,
  parseRegex,
  parseSingleLine,
  parseUrl,
  splitList,
} from './validators';

/** The kinds as documented; GitLab spec:inputs types follow from them. */
export type InputKind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'duration'
  | 'enum'
  | 'url'
  | 'regex'
  | 'list'
  | 'kube-name'
  | 'label-selector'
  | 'owner-repo';

export interface InputSpec<T = unknown, HasValue extends boolean = boolean> {
  kind: InputKind;
  description: string;
  /** The default as it appears in action.yml (a string), if any. */
  default?: string;
  required?: boolean;
  /** Masked as soon as it is read, redacted in every error message. */
  secret?: boolean;
  /**
   * For a secret input that may also hold something that is not secret (kubeconfig content or a
   * path to it): whether this raw value is the secret. Absent: every value is.
   */
  secretValue?: (raw: string) => boolean;
  /** Allowed values, for enums. */
  options?: readonly string[];
  /** A regular expression the raw value must match (mirrored into GitLab's spec:inputs regex). */
  pattern?: string;
  /** What is accepted, in words, for --help and error messages. */
  accepts: string;
  parse(raw: string): T;
  /** Phantom field carrying whether the parsed value is always present. */
  readonly __hasValue?: HasValue;
}

interface CommonOptions {
  description: string;
  default?: string;
  required?: boolean;
  secret?: boolean;
  secretValue?: (raw: string) => boolean;
}

/**
 * Whether the parsed value is always there: required, or with a default that means something
 * everywhere. A GitHub expression (`${{ github.token }}`) is evaluated by GitHub's runner only, so
 * off GitHub such an input may well be absent.
 */
type Present<O> = O extends { required: true }
  ? true
  : O extends { default: infer D extends string }
    ? D extends `${string}\${{${string}`
      ? false
      : true
    : false;

/** The kinds whose empty value is a value (`''`, `[]`): only they may default to ''. */
const EMPTY_VALUE: Partial<Record<InputKind, () => unknown>> = { string: () => '', list: () => [] };

/** What an input with `default: ''` parses to when not given: its kind's empty value. */
export function emptyValueOf(kind: InputKind): unknown {
  return EMPTY_VALUE[kind]?.();
}

function spec<T, O extends CommonOptions>(
  kind: InputKind,
  options: O,
  accepts: string,
  parse: (raw: string) => T,
  extra: Partial<InputSpec<T>> = {},
): InputSpec<T, Present<O>> {
  // An empty default would type the input as present while it parses to nothing.
  if (options.default === '' && !EMPTY_VALUE[kind])
    throw new Error(`a ${kind} input cannot default to '': leave the default out instead`);
  return { kind, accepts, parse, ...extra, ...options } as InputSpec<T, Present<O>>;
}

interface ListItems {
  string: string;
  regex: RegExp;
  'owner-repo': OwnerRepo;
  'kube-name': string;
  'label-selector': string;
  url: URL;
}

const LIST_ITEM_PARSERS: { [K in keyof ListItems]: (raw: string) => ListItems[K] } = {
  string: (raw) => raw,
  regex: parseRegex,
  'owner-repo': parseOwnerRepo,
  'kube-name': parseKubeName,
  'label-selector': parseLabelSelector,
  url: parseUrl,
};

/** Builders for each input kind; the returned spec knows its parsed type. */
export const input = {
  string<const O extends CommonOptions & { pattern?: RegExp; patternText?: string; singleLine?: boolean }>(
    o: O,
  ) {
    const { pattern, patternText, singleLine, ...rest } = o;
    const what = pattern
      ? (patternText ?? `text matching ${pattern}`)
      : singleLine
        ? 'one line of text'
        : 'text';
    return spec<string, O>(
      'string',
      rest as O,
      what,
      (raw) => {
        if (singleLine) parseSingleLine(raw);
        return pattern ? parsePattern(raw, pattern, what) : raw;
      },
      pattern ? { pattern: pattern.source } : {},
    );
  },
  boolean<O extends CommonOptions>(o: O) {
    return spec<boolean, O>('boolean', o, '`true` or `false`', parseBoolean);
  },
  integer<O extends CommonOptions & { min?: number; max?: number }>(o: O) {
    const { min, max, ...rest } = o;
    const accepts = `a whole number${min !== undefined ? ` ≥ ${min}` : ''}${max !== undefined ? ` ≤ ${max}` : ''}`;
    return spec<number, O>('integer', rest as O, accepts, (raw) => parseInteger(raw, min, max));
  },
  number<O extends CommonOptions & { min?: number; max?: number }>(o: O) {
    const { min, max, ...rest } = o;
    const accepts = `a number${min !== undefined ? ` ≥ ${min}` : ''}${max !== undefined ? ` ≤ ${max}` : ''}`;
    return spec<number, O>('number', rest as O, accepts, (raw) => parseNumber(raw, min, max));
  },
  /** Parsed to milliseconds. */
  /**
   * A duration in ms. Limited to what Node's timers can schedule (`MAX_TIMER_MS`), unless `span`
   * says it is an age or a window compared with timestamps (`lookback: 28d`), never waited for.
   */
  duration<O extends CommonOptions & { minMs?: number; maxMs?: number; span?: boolean }>(o: O) {
    const { minMs, maxMs, span, ...rest } = o;
    return spec<number, O>('duration', rest as O, 'a duration such as `90s`, `20m`, `1h30m`', (raw) =>
      parseDurationInput(raw, minMs, maxMs, { schedulable: !span }),
    );
  },
  enumOf<const E extends string, O extends CommonOptions>(options: readonly E[], o: O) {
    return spec<E, O>('enum', o, `one of ${options.join(', ')}`, (raw) => parseEnum(raw, options), {
      options,
    });
  },
  url<O extends CommonOptions>(o: O) {
    return spec<URL, O>('url', o, 'an http:// or https:// URL', parseUrl);
  },
  regex<O extends CommonOptions>(o: O) {
    return spec<RegExp, O>('regex', o, 'a regular expression', parseRegex);
  },
  /** A DNS-1123 subdomain; with `dnsLabel`, a DNS-1123 label (namespaces: at most 63 characters, no dots). */
  kubeName<O extends CommonOptions & { dnsLabel?: boolean }>(o: O) {
    const { dnsLabel, ...rest } = o;
    return dnsLabel
      ? spec<string, O>('kube-name', rest as O, 'a Kubernetes namespace name (a DNS label)', parseKubeLabel)
      : spec<string, O>('kube-name', rest as O, 'a Kubernetes name', parseKubeName);
  },
  labelSelector<O extends CommonOptions>(o: O) {
    return spec<string, O>('label-selector', o, 'a Kubernetes label selector', parseLabelSelector);
  },
  ownerRepo<O extends CommonOptions>(o: O) {
    return spec<OwnerRepo, O>('owner-repo', o, 'a repository as `owner/repo`', parseOwnerRepo);
  },
  /** Newline- or comma-separated; each item parsed as `item`. An empty list parses to []. */
  list<const I extends keyof ListItems, O extends CommonOptions & { item: I; minItems?: number }>(
    o: O & { item: I },
  ) {
    type Item = ListItems[I];
    const { item, minItems, ...rest } = o;
    const parseItem = LIST_ITEM_PARSERS[item] as (raw: string) => Item;
    return spec<Item[], O>(
      'list',
      rest as unknown as O,
      `a list of ${item} values, one per line or comma-separated`,
      (raw) => {
        const items = splitList(raw).map((entry, index) => {
          try {
            return parseItem(entry);
          } catch (error) {
            if (error instanceof InputProblem)
              throw new InputProblem(`item ${index + 1} (\`${entry}\`): ${error.message}`);
            throw error;
          }
        });
        if (minItems !== undefined && items.length < minItems) {
          throw new InputProblem(`expected at least ${minItems} item${minItems === 1 ? '' : 's'}`);
        }
        return items;
      },
    );
  },
};

export type InputSpecs = Record<string, InputSpec<unknown, boolean>>;

export type ParsedInputs<S extends InputSpecs> = {
  [K in keyof S]: S[K] extends InputSpec<infer T, infer P> ? (P extends true ? T : T | undefined) : never;
};

export interface ActionDefinition<S extends InputSpecs = InputSpecs, O extends string = string> {
  name: string;
  title: string;
  description: string;
  inputs: S;
  /** Output name → description. */
  outputs: Record<O, string>;
  /** The post phase's `post-if` condition, when the action has a post phase. */
  post?: string;
}

export function defineAction<const S extends InputSpecs, const O extends string>(
  definition: ActionDefinition<S, O>,
): ActionDefinition<S, O> {
  return definition;
}

export type InputsOf<D> = D extends ActionDefinition<infer S, string> ? ParsedInputs<S> : never;
export type OutputsOf<D> = D extends ActionDefinition<InputSpecs, infer O> ? O : never;
