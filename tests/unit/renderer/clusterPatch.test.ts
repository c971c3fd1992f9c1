// A status change re-counts the clusters in place; the patched index must equal a fresh one at every zoom.
import { describe, expect, it } from 'vitest';
import Supercluster from 'supercluster';
import { patchAncestors } from '@renderer/map/clusterPatch';

type Props = { i: number; o: number };
const options = { radius: 44, maxZoom: 11, minPoints: 3, map: (p: Props) => ({ o: p.o }), reduce: (a: { o: number }, p: { o: number }) => void (a.o += p.o) };

function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function load(coords: [number, number][], props: Props[]) {
  const index = new Supercluster<Props, { o: number }>(options);
  index.load(coords.map((coordinates, i) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates }, properties: props[i]! })));
  return index;
}

type Shown = { cluster?: boolean; cluster_id?: number; point_count?: number; o: number; i?: number };
/** The id a feature is held by: its cluster_id, or the point's index. */
const holderOf = (f: { properties: unknown }) => {
  const p = f.properties as Shown;
  return p.cluster ? p.cluster_id : p.i;
};

/** Every zoom's clusters and singles as "id:count:overdue", sorted. */
function picture(index: Supercluster<Props, { o: number }>): string[][] {
  const out: string[][] = [];
  for (let z = 0; z <= 12; z++) {
    out.push(
      index
        .getClusters([-180, -85, 180, 85], z)
        .map((f) => {
          const p = f.properties as Shown;
          return p.cluster ? `c${p.cluster_id}:${p.point_count}:${p.o}` : `p${p.i}:1:${p.o}`;
        })
        .sort(),
    );
  }
  return out;
}

describe('patchAncestors', () => {
  it('re-counts every zoom as a fresh index would, dense and sparse areas alike', () => {
    const rnd = random(7);
    // a dense city, a sparse region and a few exact duplicates
    const coords: [number, number][] = [];
    for (let i = 0; i < 3000; i++) coords.push([121.3 + rnd() * 0.3, 31.1 + rnd() * 0.3]);
    for (let i = 0; i < 2000; i++) coords.push([118.6 + rnd() * 3.4, 29.2 + rnd() * 3.4]);
    for (let i = 0; i < 5; i++) coords.push([120, 30]);
    const props = coords.map((_, i) => ({ i, o: i % 3 === 0 ? 0 : 1 }));
    const index = load(coords, props);
    for (let k = 0; k < 300; k++) {
      const i = Math.floor(rnd() * coords.length);
      const o = 1 - props[i]!.o;
      const d = o - props[i]!.o;
      const held = patchAncestors(index, i, (c) => void (c.o += d));
      expect(held).not.toBeNull();
      props[i]!.o = o;
      // what holds the point at each zoom is on the map at that zoom
      if (k < 8) for (let z = 0; z <= 12; z++) expect(index.getClusters([-180, -85, 180, 85], z).some((f) => holderOf(f) === held![z])).toBe(true);
    }
    const fresh = load(coords, props.map((p) => ({ ...p })));
    expect(picture(index)).toEqual(picture(fresh));
  });

  it('touches each cluster holding the point once, and names what holds it at each zoom', () => {
    const coords: [number, number][] = [[121, 31], [121.0001, 31.0001], [121.0002, 31], [-100, -40]];
    const index = load(coords, coords.map((_, i) => ({ i, o: 0 })));
    const seen: object[] = [];
    const held = patchAncestors(index, 0, (c) => void seen.push(c));
    expect(new Set(seen).size).toBe(seen.length);
    for (let z = 0; z <= 12; z++) {
      const holder = index.getClusters([120, 30, 122, 32], z).find((f) => holderOf(f) === held?.[z]);
      expect(holder, `zoom ${z}`).toBeDefined();
      const p = holder?.properties as Shown | undefined;
      if (p?.cluster) expect(index.getLeaves(p.cluster_id!, Infinity).map((f) => f.properties.i)).toContain(0);
    }
    expect(held?.[12]).toBe(0);
    expect(held?.[0]).not.toBe(0);
    const lone: object[] = [];
    expect(patchAncestors(index, 3, (c) => void lone.push(c))).toEqual(Array(13).fill(3));
    expect(lone).toEqual([]);
  });

  it('refuses what it cannot walk', () => {
    const index = load([[121, 31]], [{ i: 0, o: 1 }]);
    expect(patchAncestors(index, 1, () => undefined)).toBeNull();
    expect(patchAncestors(index, -1, () => undefined)).toBeNull();
    // without a reduce function there is nothing to re-count
    const plain = new Supercluster({ radius: 44, maxZoom: 11 });
    plain.load([{ type: 'Feature', geometry: { type: 'Point', coordinates: [121, 31] }, properties: {} }]);
    expect(patchAncestors(plain, 0, () => undefined)).toBeNull();
  });
});
