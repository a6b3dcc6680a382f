import type { Clock } from '../src/engine/clock';
import type { EngineLog } from '../src/engine/deps';

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
