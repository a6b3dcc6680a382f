import { createHash } from 'node:crypto';
import { fakeStorePath, narOfFile } from '@gloriousflywheel/testkit/nix';
import type { NarStream, PathSource, StorePathInfo } from '../../src/cache';

/** Store paths held in memory (a NAR per path), standing in for the local store in push tests. */
export class MemorySource implements PathSource {
  readonly nars = new Map<string, Buffer>();
  readonly infos = new Map<string, StorePathInfo>();
  opened = 0;

  add(name: string, references: string[] = [], contents = `contents of ${name}`): string {
    const path = fakeStorePath(name);
    const nar = narOfFile(contents);
    this.nars.set(path, nar);
    this.infos.set(path, {
      path,
      narHash: `sha256-${createHash('sha256').update(nar).digest('base64')}`,
      narSize: nar.length,
      references,
      sigs: [],
    });
    return path;
  }

  async pathInfo(paths: string[]): Promise<StorePathInfo[]> {
    return paths.map((p) => this.infos.get(p)!);
  }

  openNar(path: string): NarStream {
    this.opened += 1;
    const nar = this.nars.get(path)!;
    return {
      stream: (async function* () {
        yield nar;
      })(),
      close: () => {},
    };
  }
}
