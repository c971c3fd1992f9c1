/**
 * The points a pushed delta restyled in place (issue 5), so that the map recolours a few dots
 * rather than re-clustering 20,000. `changed`: the ids the delta replaced or removed; `drawn`: the
 * point the map shows under an id (undefined when it shows none); `live`: the store's point now.
 * Returns the points to recolour (on the map before and after, at the same place), or null when the
 * clusters must be rebuilt instead: a shown point removed or moved, one that enters or leaves the
 * map (filters, at-risk toggle), or more than `limit` to recolour (one re-index is cheaper).
 */
export function inPlaceChanges<P extends { lat: number; lng: number }>(
  changed: Iterable<string>,
  drawn: (id: string) => P | undefined,
  live: (id: string) => P | undefined,
  shows: (p: P) => boolean,
  limit: number,
): P[] | null {
  const restyle: P[] = [];
  for (const id of changed) {
    const before = drawn(id);
    const p = live(id);
    const on = p !== undefined && shows(p);
    if (!before) {
      if (on) return null;
      continue;
    }
    if (!on || before.lat !== p.lat || before.lng !== p.lng || restyle.length >= limit) return null;
    if (before !== p) restyle.push(p);
  }
  return restyle;
}
