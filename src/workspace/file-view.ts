import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  type Dirent,
} from 'node:fs';
import { basename, dirname } from 'node:path';

// What a conversion reads from beside its Dockerfile (build context listings, copied scripts,
// compose and bake files, .dockerignore) comes through one view of the file system. It reads
// synchronously: these are many small reads that the conversion waits for anyway, and each
// asynchronous call would cost a trip through libuv's thread pool. It remembers what it read:
// the Dockerfiles of a batch share one view, and with it their parent folders' compose files,
// their overlapping build contexts and the scripts they copy. Only regular files are opened,
// so a FIFO or a device named by a COPY is never read.

export type FileKind = 'file' | 'directory' | 'other';

export class FileView {
  private readonly listings = new Map<string, ReadonlyMap<string, Dirent> | null>();
  private readonly kinds = new Map<string, FileKind | null>();
  private readonly reads = new Map<string, Buffer | null>();
  private readonly derived = new Map<string, unknown>();

  /** A directory's entries by name; null when it cannot be listed. */
  entries(dir: string): ReadonlyMap<string, Dirent> | null {
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      try {
        listing = new Map(readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e]));
      } catch {
        listing = null;
      }
      this.listings.set(dir, listing);
    }
    return listing;
  }

  /** What `path` is, following a symbolic link; null when it does not exist. */
  kind(path: string): FileKind | null {
    let kind = this.kinds.get(path);
    if (kind === undefined) {
      const entry = this.entries(dirname(path))?.get(basename(path));
      if (entry === undefined) kind = null;
      else if (!entry.isSymbolicLink()) kind = kindOf(entry);
      else {
        try {
          kind = kindOf(statSync(path));
        } catch {
          kind = null; // a dangling link
        }
      }
      this.kinds.set(path, kind);
    }
    return kind;
  }

  /** A symbolic link's own size, as a build context counts it, or a file's. */
  size(path: string): number | null {
    try {
      return lstatSync(path).size;
    } catch {
      return null;
    }
  }

  /** A regular file's text when it has at most `limit` bytes; null otherwise. */
  text(path: string, limit: number): string | null {
    const bytes = this.bytes(path, limit);
    return bytes === null || bytes.length > limit ? null : bytes.toString('utf8');
  }

  /** The first `limit` bytes of a regular file as text; null for anything else. */
  head(path: string, limit: number): string | null {
    return this.bytes(path, limit)?.subarray(0, limit).toString('utf8') ?? null;
  }

  /** Up to limit + 1 bytes of a regular file (the extra byte says it is longer), or null. */
  private bytes(path: string, limit: number): Buffer | null {
    const key = `${limit}\0${path}`;
    let bytes = this.reads.get(key);
    if (bytes === undefined) {
      bytes = this.kind(path) === 'file' ? readStart(path, limit + 1) : null;
      this.reads.set(key, bytes);
    }
    return bytes;
  }

  /** A value computed once per view from what it reads (e.g. the image builds of a folder). */
  remember<T>(key: string, compute: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
  }
}

function kindOf(info: { isFile(): boolean; isDirectory(): boolean }): FileKind {
  return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
}

/** Up to `count` bytes from the start of a file, or null when it cannot be read. */
function readStart(path: string, count: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    // The size is a hint (the file may change); the reads stop at its end or at `count`.
    const buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size + 1, count));
    let total = 0;
    while (total < buffer.length) {
      const n = readSync(fd, buffer, total, buffer.length - total, total);
      if (n === 0) break;
      total += n;
    }
    return buffer.subarray(0, total);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
