import { randomUUID } from 'node:crypto';

/** One message of a session's queue: a batch of job messages (RunnerScaleSetJobMessages). */
export interface QueuedMessage {
  messageId: number;
  jobMessages: Record<string, unknown>[];
}

/**
 * A scale set's message session: the one listener that holds it reads the queue. A second session
 * for the same scale set is refused with 409 while this one lives (the conflict ARC's listener
 * exits on; 0.13.1 retries it ten times, 30 s apart).
 */
export class MessageSession {
  readonly sessionId = randomUUID();
  readonly queue: QueuedMessage[] = [];
  /** The X-ScaleSetMaxCapacity the listener sent with its last poll. */
  lastMaxCapacity: number | undefined;
  private nextMessageId = 1;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly scaleSetId: number,
    readonly ownerName: string,
    public queueToken: string,
  ) {}

  /** Queues one batch and wakes a long poll waiting for it. */
  push(jobMessages: Record<string, unknown>[]): void {
    if (jobMessages.length === 0) return;
    this.queue.push({ messageId: this.nextMessageId++, jobMessages });
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * The oldest message not yet deleted, waiting up to `longPollMs` for one; `lastMessageId`
   * acknowledges every message up to it. Undefined when the poll ends empty (the service's 202).
   */
  async next(
    lastMessageId: number,
    longPollMs: number,
    closed: () => boolean,
  ): Promise<QueuedMessage | undefined> {
    while (this.queue[0] && this.queue[0].messageId <= lastMessageId) this.queue.shift();
    if (this.queue[0] || closed()) return this.queue[0];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        resolve();
      }, longPollMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(done);
    });
    return closed() ? undefined : this.queue[0];
  }

  delete(messageId: number): boolean {
    const index = this.queue.findIndex((m) => m.messageId === messageId);
    if (index < 0) return false;
    this.queue.splice(index, 1);
    return true;
  }

  /** Ends every long poll at once (the session was deleted or the service stops). */
  close(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
