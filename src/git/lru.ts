/** A byte-bounded LRU: delta bases stay cached while memory stays flat on a multi-GB pack. */
export class ByteLru<V extends { bytes: number }> {
  private map = new Map<number, V>();
  private used = 0;
  constructor(private readonly budget: number) {}

  get(key: number): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  has(key: number): boolean {
    return this.map.has(key);
  }

  set(key: number, value: V): void {
    if (value.bytes > this.budget / 2) return;
    const old = this.map.get(key);
    if (old) {
      this.used -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, value);
    this.used += value.bytes;
    while (this.used > this.budget) {
      const first = this.map.keys().next();
      if (first.done) break;
      this.delete(first.value);
    }
  }

  delete(key: number): void {
    const v = this.map.get(key);
    if (v) {
      this.used -= v.bytes;
      this.map.delete(key);
    }
  }
}
