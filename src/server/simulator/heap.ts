/** A binary min-heap by `due`. */
export class DueHeap<T extends { due: number }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as T).due <= item.due) break;
      a[i] = a[p] as T;
      i = p;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mDue = last.due;
      if (l < a.length && (a[l] as T).due < mDue) {
        m = l;
        mDue = (a[l] as T).due;
      }
      if (r < a.length && (a[r] as T).due < mDue) m = r;
      if (m === i) break;
      a[i] = a[m] as T;
      i = m;
    }
    a[i] = last;
    return top;
  }
}
