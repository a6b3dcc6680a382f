/**
 * Findings 6 and 10 (issue 11), the input side: `9000h` overflowed Node's timers (a run-timeout that
 * fired at once, a sampling interval that spun), a 64-character namespace was accepted, runner
 * labels made only of separators became the label ",", a token with a line break crashed the HTTP
 * client, and a URL with credentials was taken (and echoed).
 */
import { describe, expect, it } from 'vitest';
import { input } from '../src/inputs/spec';
import {
  InputProblem,
  MAX_TIMER_MS,
  parseDurationInput,
  parseKubeLabel,
  parseSingleLine,
  parseUrl,
  splitList,
} from '../src/inputs/validators';

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputProblem);
    return (error as Error).message;
  }
  throw new Error('expected an InputProblem');
}

describe('durations the runtime can schedule', () => {
  it('takes up to 24 days and refuses what overflows the timers', () => {
    expect(parseDurationInput('24d')).toBe(24 * 86_400_000);
    expect(24 * 86_400_000).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(problem(() => parseDurationInput('9000h'))).toMatch(/at most `24d`.*overflow/);
    expect(problem(() => parseDurationInput('25d'))).toMatch(/at most `24d`/);
  });

  it('shows that the limit is real: a longer timer fires at once', async () => {
    const fired = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(true), MAX_TIMER_MS + 1);
      // Node warns and sets it to 1 ms; give it a generous deadline to show it.
      setTimeout(() => {
        clearTimeout(t);
        resolve(false);
      }, 5_000);
    });
    expect(fired).toBe(true);
  });
});

describe('Kubernetes namespaces', () => {
  it('are DNS labels: at most 63 characters, no dots, no capitals', () => {
    expect(parseKubeLabel('a'.repeat(63))).toBe('a'.repeat(63));
    expect(problem(() => parseKubeLabel('a'.repeat(64)))).toMatch(
      /at most 63 characters \(this one has 64\)/,
    );
    expect(() => parseKubeLabel('arc.runners')).toThrow(InputProblem);
    expect(() => parseKubeLabel('Bad_Name!')).toThrow(InputProblem);
  });
});

describe('one-line values', () => {
  it('refuses a line break and says it was probably copied with one', () => {
    expect(parseSingleLine('ghp_abc')).toBe('ghp_abc');
    expect(problem(() => parseSingleLine('ghp_abc\n'))).toMatch(/line break \(copied with a newline\?\)/);
    expect(problem(() => parseSingleLine('ghp\u0000abc'))).toMatch(/control character/);
  });
});

describe('lists', () => {
  it('drop items made only of separators', () => {
    expect(splitList(', ,')).toEqual([]);
    expect(splitList(',\n,\n')).toEqual([]);
    expect(splitList('nix, ,docker')).toEqual(['nix', 'docker']);
  });
});

describe('URLs', () => {
  it('refuse credentials without repeating them', () => {
    const message = problem(() => parseUrl('https://user:secretpw@attic.example.com'));
    expect(message).toMatch(/credentials do not belong in the URL/);
    expect(message).not.toContain('secretpw');
    expect(problem(() => parseUrl('not a url'))).toMatch(/absolute http/);
  });
});

describe('duration inputs', () => {
  it('limit what is waited for, not a window looked back over', () => {
    expect(() => input.duration({ description: 'a wait' }).parse('28d')).toThrow(InputProblem);
    expect(input.duration({ description: 'a window', span: true }).parse('28d')).toBe(28 * 86_400_000);
  });
});
