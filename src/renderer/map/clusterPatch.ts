/**
 * Re-counting a loaded supercluster index in place when a point changes status only (issue 5).
 * Clustering is by position alone, so a status change cannot move a point between clusters: rather
 * than re-index 20,000 points (tens of ms per pushed delta) we walk the point's ancestor chain, one
 * cluster per zoom, and adjust each one's reduced properties.
 *
 * Supercluster has no public API for a point's ancestors, so this reads its flat per-zoom arrays
 * (`trees[z].data`, `stride` values per entry: x, y, zoom, id, parent id, point count, index into
 * `clusterProps`; the layout supercluster 8 and the 9.x in use share). Anything unexpected answers
 * false and the caller re-indexes from scratch. tests/unit/renderer/clusterPatch.test.ts compares
 * the patched index with a fresh one at every zoom, so an upgrade that changes the layout fails there.
 */
import type Supercluster from 'supercluster';

const OFFSET_ID = 3;
const OFFSET_PARENT = 4;
const OFFSET_NUM = 5;
const OFFSET_PROP = 6;
/** with a reduce function each entry carries a props index: 7 values */
const STRIDE = 7;

interface Tree {
  data: ArrayLike<number>;
  numItems: number;
}

interface Internals<C> {
  trees?: (Tree | undefined)[];
  stride?: number;
  clusterProps?: C[];
  options?: { minZoom: number; maxZoom: number };
}

/** Offset of the entry with this id in a zoom's array, or -1. Lower zooms hold few entries: a scan is cheap. */
function find(tree: Tree, id: number): number {
  const data = tree.data;
  for (let k = 0, end = tree.numItems * STRIDE; k < end; k += STRIDE) if (data[k + OFFSET_ID] === id) return k;
  return -1;
}

/**
 * Applies `apply` to the reduced properties of every cluster, at every zoom, that holds the loaded
 * point `pointIndex` (its index in the array given to load()). The point's own properties object is
 * the caller's to change. Returns, by zoom, the id of what holds the point there (a cluster_id, or
 * the point's index while it is unclustered) so that the caller can repaint just that; null: the
 * index could not be walked (it may be part-patched: re-load it).
 */
export function patchAncestors<P extends object, C extends object>(index: Supercluster<P, C>, pointIndex: number, apply: (cluster: C) => void): number[] | null {
  const ix = index as unknown as Internals<C>;
  const { trees, clusterProps, options } = ix;
  if (ix.stride !== STRIDE || !trees || !clusterProps || !options) return null;
  const { minZoom, maxZoom } = options;
  let tree = trees[maxZoom + 1];
  if (!tree || pointIndex < 0 || pointIndex >= tree.numItems) return null;
  let at = pointIndex * STRIDE;
  let id = pointIndex;
  // the top tree holds the points in load order
  if (tree.data[at + OFFSET_ID] !== id || tree.data[at + OFFSET_NUM] !== 1) return null;
  const held: number[] = [];
  held[maxZoom + 1] = id;
  for (let z = maxZoom; z >= minZoom; z--) {
    const next = trees[z];
    if (!next) return null;
    // no cluster formed at this zoom: the library shares the tree, our entry is the same
    if (next !== tree) {
      const parent = tree.data[at + OFFSET_PARENT]!;
      // absorbed at this zoom → our ancestor is the new cluster; else the entry was copied down as is
      const want = parent === -1 ? id : parent;
      at = find(next, want);
      if (at < 0) return null;
      if (parent !== -1) {
        const props = clusterProps[next.data[at + OFFSET_PROP]!];
        if (!props) return null;
        apply(props);
      }
      tree = next;
      id = want;
    }
    held[z] = id;
  }
  return held;
}
