import type { StoreEvent } from './types';

export type ChangeListener = (event: StoreEvent) => void;

/**
 * Hands every stored change to its subscribers in two rounds: observers first (the watch history,
 * watch streams, the simulator's wake-up, tests), then reactors, the writers that answer a change
 * with changes of their own (the garbage collector). A reactor's writes are published from inside
 * the round, so every observer sees a change before the changes it caused, as on a real API server.
 */
export class ChangeFeed {
  private readonly observers = new Set<ChangeListener>();
  private readonly reactors = new Set<ChangeListener>();

  observe(listener: ChangeListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  react(listener: ChangeListener): () => void {
    this.reactors.add(listener);
    return () => this.reactors.delete(listener);
  }

  publish(event: StoreEvent): void {
    for (const listener of [...this.observers]) listener(event);
    for (const listener of [...this.reactors]) listener(event);
  }
}
