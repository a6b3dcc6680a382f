import type { StoreEvent } from './types';

/**
 * The event log watches resume from, in resourceVersion order and bounded like etcd's history.
 * A resourceVersion older than what the log still holds (dropped or compacted away) is gone: the
 * watch gets 410 Gone and a continue token is refused.
 */
export class WatchHistory {
  /** The log from `head` on; dropped events are cut off in batches, not one shift per write. */
  private events: StoreEvent[] = [];
  private head = 0;
  /** Watches may resume from any resourceVersion strictly greater than this. */
  private compactedRv = 0;

  constructor(private readonly size: number) {}

  /** The oldest resourceVersion a watch can still start from (exclusive). */
  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  record(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length - this.head > this.size) {
      this.head = this.events.length - this.size;
      this.compactedRv = this.events[this.head - 1]!.resourceVersion;
      if (this.head >= this.size) {
        this.events = this.events.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** Simulates an etcd compaction at `rv`: watches from any earlier resourceVersion now get 410 Gone. */
  compact(rv: number): void {
    this.compactedRv = rv;
    this.events = [];
    this.head = 0;
  }

  /** Events after `rv`, or undefined when that version is too old (compacted away). */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const out: StoreEvent[] = [];
    for (let i = this.head; i < this.events.length; i++)
      if (this.events[i]!.resourceVersion > rv) out.push(this.events[i]!);
    return out;
  }
}
