/** A one-line progress meter on stderr (TTY only): objects, throughput and ETA, redrawn in place. */
export function progressPrinter(stream: NodeJS.WriteStream): {
  update: (p: { objects: number; total: number; bytes: number; elapsedMs: number }) => void;
  done: () => void;
} {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const secs = Math.max(p.elapsedMs / 1000, 0.001);
      const mbps = p.bytes / 1e6 / secs;
      const rate = p.objects / secs;
      const eta = rate > 0 && p.total > p.objects ? Math.ceil((p.total - p.objects) / rate) : 0;
      const pct = p.total ? Math.floor((p.objects / p.total) * 100) : 100;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      stream.write(`\r\x1b[2Kscanning ${bar} ${pct}% ${p.objects}/${p.total} objects  ${mbps.toFixed(1)} MB/s  ETA ${eta}s`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
