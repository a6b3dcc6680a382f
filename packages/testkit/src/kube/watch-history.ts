import type { StoreEvent } from './types';

/**
 * The event log watches resume from, in resourceVersion order and bounded like etcd's history.
 * A resourceVersion older than what the log still holds (dropped or compacted away) is gone: the
 * watch gets 410 Gone and a continue token is refused.
 */
export class WatchHistory {
  private readonly events: StoreEvent[] = [];
  /** Watches may resume from any resourceVersion strictly greater than this. */
  private compactedRv = 0;

  constructor(private readonly size: number) {}

  /** The oldest resourceVersion a watch can still start from (exclusive). */
  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  record(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length > this.size) {
      const dropped = this.events.splice(0, this.events.length - this.size);
      this.compactedRv = dropped[dropped.length - 1]!.resourceVersion;
    }
  }

  /** Simulates an etcd compaction at `rv`: watches from any earlier resourceVersion now get 410 Gone. */
  compact(rv: number): void {
    this.compactedRv = rv;
    this.events.length = 0;
  }

  /** Events after `rv`, or undefined when that version is too old (compacted away). */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    return this.events.filter((e) => e.resourceVersion > rv);
  }
}
