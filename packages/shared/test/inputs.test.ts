import { describe, expect, it } from 'vitest';
import { defineAction, FlywheelError, input, readInputs } from '../src/index';
import { parseDuration } from '../src/time/duration';

const SECRET = 'tok-3f9a-very-secret';

const definition = defineAction({
  name: 'table',
  title: 'Table',
  description: 'every input kind',
  inputs: {
    flag: input.boolean({ description: 'a flag', default: 'false' }),
    wait: input.duration({ description: 'a wait', default: '20m' }),
    items: input.list({ description: 'items', item: 'string' }),
    mode: input.enumOf(['auto', 'always', 'never'] as const, { description: 'mode', default: 'auto' }),
    endpoint: input.url({ description: 'endpoint' }),
    count: input.integer({ description: 'count', min: 1, max: 64, default: '4' }),
    ratio: input.number({ description: 'ratio', min: 0, max: 1 }),
    exclude: input.list({ description: 'patterns', item: 'regex' }),
    pattern: input.regex({ description: 'a pattern' }),
    name: input.kubeName({ description: 'a k8s name' }),
    selector: input.labelSelector({ description: 'a selector' }),
    repo: input.ownerRepo({ description: 'a repository' }),
    cache: input.string({
      description: 'cache name',
      pattern: /^[a-z0-9][a-z0-9-]*$/,
      patternText: 'a cache name',
    }),
    token: input.string({ description: 'secret', secret: true, pattern: /^tok-[a-z0-9-]+$/ }),
    needed: input.string({ description: 'required thing', required: true }),
  },
  outputs: {},
});

function parse(raw: Record<string, string>) {
  const masked: string[] = [];
  const values = readInputs(
    definition,
    (n) => raw[n] ?? (n === 'needed' ? 'x' : ''),
    (s) => masked.push(s),
  );
  return { values, masked };
}

function failure(raw: Record<string, string>): FlywheelError {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(FlywheelError);
    return error as FlywheelError;
  }
  throw new Error('expected INPUT_INVALID');
}

describe('input parsing', () => {
  it('applies defaults and parses every kind to its typed value', () => {
    const { values } = parse({
      items: 'a, b,c',
      endpoint: 'https://cache.example.test/base',
      ratio: '0.5',
      exclude: '^/nix/store/.*-source$\n\\.tar\\.gz$',
      pattern: 'x{1,3}',
      name: 'tinyland-nix',
      selector: 'app.kubernetes.io/part-of=gha-rs,tier in (a,b),!legacy',
      repo: 'octo-org/octo.repo',
      cache: 'main-cache',
      token: SECRET,
      flag: 'True',
    });
    expect(values.flag).toBe(true);
    expect(values.wait).toBe(20 * 60_000);
    expect(values.items).toEqual(['a', 'b', 'c']);
    expect(values.mode).toBe('auto');
    expect(values.endpoint?.host).toBe('cache.example.test');
    expect(values.count).toBe(4);
    expect(values.ratio).toBe(0.5);
    expect(values.exclude?.map((r) => r.source)).toEqual(['^\\/nix\\/store\\/.*-source$', '\\.tar\\.gz$']);
    expect(values.pattern?.test('xx')).toBe(true);
    expect(values.repo).toEqual({ owner: 'octo-org', repo: 'octo.repo' });
    expect(values.selector).toBe('app.kubernetes.io/part-of=gha-rs,tier in (a,b),!legacy');
    expect(values.needed).toBe('x');
  });

  it('masks a secret before anything else sees it', () => {
    const { masked } = parse({ token: SECRET });
    expect(masked).toEqual([SECRET]);
  });

  it('treats an empty optional input as absent', () => {
    const { values } = parse({});
    expect(values.endpoint).toBeUndefined();
    expect(values.items).toBeUndefined();
  });

  // Every input kind fed malformed values: the code, the name, what was given and what is accepted.
  const malformed: [string, string, RegExp][] = [
    ['flag', 'yes', /`true` or `false`/],
    ['flag', '1', /`true` or `false`/],
    ['wait', '20', /duration such as/],
    ['wait', '5 minutes', /duration such as/],
    ['mode', 'sometimes', /one of `auto`, `always`, `never`/],
    ['endpoint', 'cache.example.test', /absolute http/],
    ['endpoint', 'ftp://cache.example.test', /absolute http/],
    ['endpoint', 'https://user:pw@cache.example.test', /credentials do not belong/],
    ['count', '0', /from 1 to 64/],
    ['count', '65', /from 1 to 64/],
    ['count', '2.5', /whole number/],
    ['ratio', '1.5', /from 0 to 1/],
    ['ratio', 'half', /a number/],
    ['exclude', 'ok\n(unclosed', /item 2 \(`\(unclosed`\).*regular expression/],
    ['pattern', '[z-a]', /regular expression/],
    ['name', 'Tinyland_Nix', /Kubernetes name/],
    ['name', 'a'.repeat(254), /Kubernetes name/],
    ['selector', 'app=-bad-', /not a valid label value/],
    ['selector', 'a b', /not a requirement/],
    ['selector', 'app=web,,x', /empty requirement/],
    ['repo', 'octo-org', /owner\/repo/],
    ['repo', 'octo-org/repo/extra', /owner\/repo/],
    ['repo', '-bad/repo', /owner\/repo/],
    ['cache', 'Main Cache', /a cache name/],
  ];

  it.each(malformed)('rejects %s = %j', (name, value, accepted) => {
    const error = failure({ [name]: value });
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(`\`${name}\``);
    expect(error.message).toMatch(accepted);
    expect(error.hint).toMatch(new RegExp(`\`${name}\` accepts`));
  });

  it('accepts an empty label value, as Kubernetes does', () => {
    expect(parse({ selector: 'app=' }).values.selector).toBe('app=');
  });

  it('never shows a secret in the error, only that it was redacted', () => {
    const error = failure({ token: 'not-a-token very secret value' });
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('`***` (redacted)');
    expect(error.message).not.toContain('very secret value');
  });

  it('ignores a GitHub-expression default off GitHub, where nothing evaluates it', () => {
    const def = defineAction({
      name: 'gh',
      title: 'gh',
      description: 'd',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      inputs: { token: input.string({ description: 't', default: '${{ github.token }}', secret: true }) },
      outputs: {},
    });
    expect(
      readInputs(
        def,
        () => '',
        () => {},
      ).token,
    ).toBeUndefined();
    expect(
      readInputs(
        def,
        () => 'ghs_given',
        () => {},
      ).token,
    ).toBe('ghs_given');
  });

  it('names a required input that is missing', () => {
    const error = (() => {
      try {
        readInputs(
          definition,
          () => '',
          () => {},
        );
      } catch (e) {
        return e as FlywheelError;
      }
      throw new Error('expected failure');
    })();
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe('input `needed` is required but was not given');
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1d', 86_400_000],
    ['1.5s', 1500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', 'm', '1x', '-5s', '1h 30m'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
