import { closeSync, readSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { openRegularFile } from './safe-fs.js';

/** Positioned reads from a .pack file; the whole pack is never held in memory. */
export class PackFile {
  readonly path: string;
  readonly size: number;
  private fd: number;

  constructor(path: string) {
    this.path = path;
    // A FIFO or device in objects/pack would block forever: regular files only (safe-fs).
    const f = openRegularFile(path);
    if (f === null) throw new SpillkitError('IO', `cannot open pack ${path}: no such file`, { path });
    this.fd = f.fd;
    this.size = f.size;
  }

  read(offset: number, length: number): Buffer {
    const len = Math.max(0, Math.min(length, this.size - offset));
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, got, len - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got === len ? buf : buf.subarray(0, got);
  }

  close(): void {
    closeSync(this.fd);
  }
}
