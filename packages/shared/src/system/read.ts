import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a small kernel file under `root` (a directory holding `proc/` and `sys/`; `/` on a real
 * machine, a fixture tree in tests). Undefined when the file is absent or unreadable: a missing
 * figure is reported as missing, never guessed.
 */
export function readText(root: string, ...parts: string[]): string | undefined {
  try {
    return readFileSync(join(root, ...parts), 'utf8');
  } catch {
    return undefined;
  }
}

/** `key value` lines (cpu.stat, memory.stat) into a map of numbers. */
export function parseKeyValues(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!text) return out;
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^-?\d+$/.test(value)) out.set(key, Number(value));
  }
  return out;
}

export function parseIntOrNull(text: string | undefined): number | null {
  const value = text?.trim();
  if (!value || !/^-?\d+$/.test(value)) return null;
  return Number(value);
}
