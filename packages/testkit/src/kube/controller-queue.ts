/**
 * The work the cluster's own controllers (garbage collector, namespace controller, service-account
 * controller) do in answer to a change. On a real cluster they act on their informers' events after
 * the request that caused the change has been answered, so a client sees, for a moment, the
 * dependents of a deleted owner or the content of a deleted namespace. Here that work waits in one
 * FIFO queue: it runs on the next turn of the event loop, or earlier when a driver (the ARC
 * simulator, a test) calls `run()`. Never on a timer, so a seeded simulation stays reproducible.
 */
export class ControllerQueue {
  private readonly items: { what: string; run: () => void }[] = [];
  private scheduled = false;

  /** Work items waiting to run. */
  get pending(): number {
    return this.items.length;
  }

  /** What is waiting, for failure messages. */
  describe(): string[] {
    return this.items.map((i) => i.what);
  }

  enqueue(what: string, run: () => void): void {
    this.items.push({ what, run });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  /** Runs every waiting item, and the work they cause, in order; returns how many ran. */
  run(): number {
    let ran = 0;
    for (let item = this.items.shift(); item; item = this.items.shift()) {
      item.run();
      ran++;
    }
    return ran;
  }
}
