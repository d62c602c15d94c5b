/** A binary min-heap ordered by `at`, then by insertion (so equal times keep their order). */
export class TimeHeap<T extends { readonly at: number }> {
  private readonly items: Array<{ item: T; order: number }> = [];
  private counter = 0;

  push(item: T): void {
    this.items.push({ item, order: (this.counter += 1) });
    let index = this.items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  peek(): T | undefined {
    return this.items[0]?.item;
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.items.length > 0) {
      this.items[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.items.length && this.before(left, smallest)) smallest = left;
        if (right < this.items.length && this.before(right, smallest)) smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return top.item;
  }

  get size(): number {
    return this.items.length;
  }

  private before(first: number, second: number): boolean {
    const a = this.items[first] as { item: T; order: number };
    const b = this.items[second] as { item: T; order: number };
    return a.item.at < b.item.at || (a.item.at === b.item.at && a.order < b.order);
  }

  private swap(first: number, second: number): void {
    const held = this.items[first] as { item: T; order: number };
    this.items[first] = this.items[second] as { item: T; order: number };
    this.items[second] = held;
  }
}
