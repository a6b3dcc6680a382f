import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';

/** A NAR string: its length as a little-endian u64, the bytes, zero padding to a multiple of 8. */
function str(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const padded = Math.ceil(bytes.length / 8) * 8;
  const out = Buffer.alloc(8 + padded);
  out.writeBigUInt64LE(BigInt(bytes.length), 0);
  bytes.copy(out, 8);
  return out;
}

const strs = (...values: Array<string | Buffer>) => Buffer.concat(values.map(str));

/**
 * Serialises a store path as a NAR, the way `nix-store --dump` does, straight from the file system:
 * no process per path, and no more than one file chunk in memory at a time. Directory entries go
 * in byte order of their names, a regular file is executable when its owner may execute it, and
 * symlinks are stored, not followed. The server checks the result against the NAR hash and size Nix
 * recorded, so a difference cannot go unnoticed.
 */
export async function* narStream(path: string): AsyncGenerator<Buffer> {
  yield str('nix-archive-1');
  // Paths as bytes: a name in the store need not be valid UTF-8.
  yield* node(Buffer.from(path));
}

async function* node(path: Buffer): AsyncGenerator<Buffer> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) {
    yield strs('(', 'type', 'symlink', 'target', await readlink(path, { encoding: 'buffer' }), ')');
  } else if (st.isFile()) {
    const head = [str('('), str('type'), str('regular')];
    if (st.mode & 0o100) head.push(str('executable'), str(''));
    head.push(str('contents'));
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(st.size), 0);
    yield Buffer.concat([...head, size]);
    let read = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (read !== st.size) throw new Error(`${path.toString()} changed while it was read`);
    yield Buffer.concat([Buffer.alloc((8 - (st.size % 8)) % 8), str(')')]);
  } else if (st.isDirectory()) {
    yield strs('(', 'type', 'directory');
    const names = (await readdir(path, { encoding: 'buffer' })).sort(Buffer.compare);
    for (const name of names) {
      yield strs('entry', '(', 'name', name, 'node');
      yield* node(Buffer.concat([path, Buffer.from('/'), name]));
      yield str(')');
    }
    yield str(')');
  } else {
    throw new Error(`${path.toString()} is neither a file, a directory nor a symlink`);
  }
}
