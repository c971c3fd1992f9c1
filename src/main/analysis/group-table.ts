/** Late orders (and crews on leave) grouped by cause and place, updated one order at a time. */
import type { GroupPlace } from '@shared/incident-keys';

export interface Group {
  place: GroupPlace;
  members: Set<string>;
  /** crews on leave (or booked on a day off) counted in this group */
  crews: Set<string>;
}

export class GroupTable {
  readonly groups = new Map<string, Group>();
  /** keys whose members or crews changed since the last take() */
  private readonly dirty = new Set<string>();

  private ensure(place: GroupPlace): Group {
    let g = this.groups.get(place.key);
    if (!g) {
      g = { place, members: new Set(), crews: new Set() };
      this.groups.set(place.key, g);
    }
    return g;
  }

  /** Moves an order from the groups `before` to the groups `after` (keys with their places). */
  move(orderId: string, before: readonly GroupPlace[], after: readonly GroupPlace[]): void {
    const next = new Set(after.map((p) => p.key));
    for (const p of before) {
      if (next.has(p.key)) continue;
      const g = this.groups.get(p.key);
      if (g?.members.delete(orderId)) this.touch(g);
    }
    const prev = new Set(before.map((p) => p.key));
    for (const p of after) {
      if (prev.has(p.key)) continue;
      const g = this.ensure(p);
      g.members.add(orderId);
      this.touch(g);
    }
  }

  setCrew(crewId: string, before: GroupPlace | null, after: GroupPlace | null): void {
    if (before && before.key !== after?.key) {
      const g = this.groups.get(before.key);
      if (g?.crews.delete(crewId)) this.touch(g);
    }
    if (after) {
      const g = this.ensure(after);
      if (!g.crews.has(crewId)) {
        g.crews.add(crewId);
        this.touch(g);
      }
    }
  }

  /** A group whose crews' jobs changed (same membership): its line must be re-read. */
  mark(key: string): void {
    this.dirty.add(key);
  }

  take(): string[] {
    const keys = [...this.dirty];
    this.dirty.clear();
    return keys;
  }

  clear(): void {
    for (const key of this.groups.keys()) this.dirty.add(key);
    this.groups.clear();
  }

  private touch(g: Group): void {
    this.dirty.add(g.place.key);
    // empty groups are dropped; the incident book keeps their state
    if (g.members.size === 0 && g.crews.size === 0) this.groups.delete(g.place.key);
  }
}
