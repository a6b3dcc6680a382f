/** Kubernetes timestamps are RFC 3339 with whole seconds. */
export function kubeTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character suffix the API server appends to a generateName (same alphabet as Kubernetes). */
export function randomSuffix(random: () => number, length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMS[Math.floor(random() * ALPHANUMS.length)];
  return out;
}

/** A small seeded PRNG (the shared library's mulberry32) so that simulated clusters are reproducible. */
export { seededRandom } from '@gloriousflywheel/shared/stats';
