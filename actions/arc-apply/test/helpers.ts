import { readInputs } from '@gloriousflywheel/shared';
import type { Clock } from '../src/engine/clock';
import type { ArcApplyInputs } from '../src/engine/config';
import type { EngineLog } from '../src/engine/deps';
import { definition } from '../src/inputs';

export type RawInputs = Partial<Record<keyof typeof definition.inputs, string>>;

/** The values an enum input offers, as raw input text. */
export function optionsOf(name: keyof typeof definition.inputs): readonly string[] {
  return definition.inputs[name].options ?? [];
}

/** The inputs as the action parses these raw values, with the definition's defaults for the rest. */
export function inputsOf(given: RawInputs = {}): ArcApplyInputs {
  return readInputs(
    definition,
    (name) => given[name as keyof RawInputs] ?? '',
    () => {},
  );
}

/** A clock that jumps forward on sleep: waits cost nothing and stay deterministic. */
export function steppingClock(start = '2026-01-05T10:00:00Z'): Clock & { elapsed(): number } {
  const t0 = Date.parse(start);
  let t = t0;
  return {
    now: () => new Date(t),
    sleep: async (ms) => {
      t += ms;
    },
    elapsed: () => t - t0,
  };
}

/** Collects engine log lines for assertions. */
export function memoryLog(): EngineLog & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    info: (m) => lines.push(m),
    warning: (m) => {
      warnings.push(m);
      lines.push(`warning: ${m}`);
    },
    group: async (title, fn) => {
      lines.push(`::group::${title}`);
      try {
        return await fn();
      } finally {
        lines.push('::endgroup::');
      }
    },
  };
}
