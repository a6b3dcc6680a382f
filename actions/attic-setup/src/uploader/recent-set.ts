/**
 * The last `capacity` keys seen, oldest forgotten first: enough to drop the duplicates that arrive
 * close together (a path reported by the hook and again by post) in bounded memory. A duplicate
 * that slips through costs one question to the cache, never a wrong count (the record's first
 * classification of a path wins).
 */
export class RecentSet {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Remembers the key; false when it was already there. */
  addIfNew(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value!);
    return true;
  }
}
