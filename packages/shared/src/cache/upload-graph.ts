import type { StorePathInfo } from './attic-client';

type State = 'waiting' | 'ready' | 'uploading' | 'held';

interface Node {
  info: StorePathInfo;
  /** References still to be uploaded before this path may go. */
  waitingOn: Set<string>;
  state: State;
  attempts: number;
}

/**
 * The paths waiting for upload and the order they may go in: a path goes only after the
 * references that are waiting too, so the cache never serves a path whose closure is incomplete.
 * References may join after their referrers (paths classified in a later batch); a referrer that has
 * not started yet then waits for them as well.
 */
export class UploadGraph {
  private readonly nodes = new Map<string, Node>();
  /** Edges inside the graph: reference → referrers waiting for it. */
  private readonly referrers = new Map<string, Set<string>>();
  /** References not in the graph (yet) → referrers that would wait if they joined. */
  private readonly wantedBy = new Map<string, Set<string>>();
  private readonly ready = new Set<string>();

  get size(): number {
    return this.nodes.size;
  }

  paths(): string[] {
    return [...this.nodes.keys()];
  }

  join(infos: readonly StorePathInfo[]): void {
    const joined: string[] = [];
    for (const info of infos) {
      if (this.nodes.has(info.path)) continue;
      this.nodes.set(info.path, { info, waitingOn: new Set(), state: 'waiting', attempts: 0 });
      joined.push(info.path);
    }
    for (const path of joined) {
      const node = this.nodes.get(path)!;
      for (const ref of node.info.references) {
        if (ref === path) continue;
        if (this.nodes.has(ref)) this.link(ref, path);
        else this.setAdd(this.wantedBy, ref, path);
      }
    }
    for (const path of joined) {
      // Referrers that joined earlier and have not started wait for this newcomer too.
      for (const referrer of this.wantedBy.get(path) ?? []) {
        const r = this.nodes.get(referrer);
        if (!r || (r.state !== 'waiting' && r.state !== 'ready')) continue;
        this.link(path, referrer);
        if (r.state === 'ready') {
          this.ready.delete(referrer);
          r.state = 'waiting';
        }
      }
      this.wantedBy.delete(path);
    }
    for (const path of joined) this.readyIfFree(path);
  }

  /** The next path free to upload, now marked as uploading. */
  takeReady(): StorePathInfo | undefined {
    const first = this.ready.values().next();
    if (first.done) return undefined;
    this.ready.delete(first.value);
    const node = this.nodes.get(first.value)!;
    node.state = 'uploading';
    return node.info;
  }

  /** Counts an upload attempt of the path; returns how many came before it. */
  attempt(path: string): number {
    const node = this.nodes.get(path);
    if (!node) return 0;
    node.attempts += 1;
    return node.attempts - 1;
  }

  /** Parks a path between retries: it stays pending, its referrers keep waiting. */
  hold(path: string): void {
    const node = this.nodes.get(path);
    if (node) node.state = 'held';
  }

  release(path: string): void {
    const node = this.nodes.get(path);
    if (node?.state !== 'held') return;
    node.state = 'ready';
    this.ready.add(path);
  }

  /**
   * Removes a finished path. Its referrers may go once nothing else holds them; when it failed they
   * fail too (returned, already removed), and so do theirs.
   */
  settle(path: string, ok: boolean): string[] {
    const node = this.nodes.get(path);
    if (!node) return [];
    this.remove(path, node);
    const failed: string[] = [];
    for (const referrer of this.referrers.get(path) ?? []) {
      const r = this.nodes.get(referrer);
      if (!r) continue;
      r.waitingOn.delete(path);
      if (!ok) failed.push(referrer, ...this.settle(referrer, false));
      else this.readyIfFree(referrer);
    }
    this.referrers.delete(path);
    return failed;
  }

  private remove(path: string, node: Node): void {
    this.nodes.delete(path);
    this.ready.delete(path);
    for (const ref of node.info.references) {
      const wanting = this.wantedBy.get(ref);
      if (!wanting) continue;
      wanting.delete(path);
      if (wanting.size === 0) this.wantedBy.delete(ref);
    }
  }

  private readyIfFree(path: string): void {
    const node = this.nodes.get(path);
    if (node && node.state === 'waiting' && node.waitingOn.size === 0) {
      node.state = 'ready';
      this.ready.add(path);
    }
  }

  private link(reference: string, referrer: string): void {
    this.nodes.get(referrer)!.waitingOn.add(reference);
    this.setAdd(this.referrers, reference, referrer);
  }

  private setAdd(map: Map<string, Set<string>>, key: string, value: string): void {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(value);
  }
}
