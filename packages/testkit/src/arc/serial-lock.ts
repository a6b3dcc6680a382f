/**
 * Runs async work one piece at a time, in call order. Acquiring a free lock costs only settled
 * promises, so on the fake backend a whole simulator step still runs in one turn of the event loop.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();
  private held = 0;

  get busy(): boolean {
    return this.held > 0;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.held++;
    const result = this.tail.then(work).finally(() => {
      this.held--;
    });
    this.tail = result.catch(() => {});
    return result;
  }
}
