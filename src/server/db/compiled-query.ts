/**
 * drizzle prepared queries run without drizzle's per-call work. A drizzle prepared query still
 * fills its placeholders on every call (entity checks on each parameter) and maps each result row
 * field by field (entity checks on each column); on the floor API's write path that cost a tenth
 * of a write. Here both are worked out once, from the query drizzle built: the same SQL, the same
 * statement, the same column codecs, so rows are written and read exactly as drizzle would.
 */
import type Database from 'better-sqlite3';
import { Column, is, Param, Placeholder, SQL } from 'drizzle-orm';

interface DrizzlePrepared {
  getQuery(): { sql: string; params: unknown[] };
}

interface Codec {
  mapToDriverValue(value: unknown): unknown;
}
interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

export interface CompiledQuery<P, R> {
  run(values: P): Database.RunResult;
  get(values: P): R | undefined;
  all(values: P): R[];
}

type Slot = { name: string; codec: Codec | null } | { constant: unknown };

/** One slot per SQL parameter: a named placeholder (encoded with its column's codec, if any) or a constant. */
function slotsOf(params: readonly unknown[]): Slot[] {
  return params.map((p): Slot => {
    if (is(p, Placeholder)) return { name: p.name, codec: null };
    if (is(p, Param) && is(p.value, Placeholder)) return { name: p.value.name, codec: p.encoder as Codec };
    return { constant: p };
  });
}

/** The decoder drizzle's row mapping uses for a select field (`decoder` is drizzle-internal). */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, SQL.Aliased)) return (field.sql as unknown as { decoder: Decoder }).decoder;
  throw new Error('compiled query: a select field must be a column or an sql expression');
}

/**
 * `prepared`: a drizzle prepared query (made once, for its SQL and parameters). `fields`: for a
 * select, its fields by result key in select order, as given to select() (getTableColumns(table)
 * for a plain select()); checked against the statement's columns.
 */
export function compileQuery<P extends object, R>(client: Database.Database, prepared: DrizzlePrepared, fields?: Record<string, unknown>): CompiledQuery<P, R> {
  const query = prepared.getQuery();
  const stmt = client.prepare(query.sql);
  const slots = slotsOf(query.params);
  const keys = fields ? Object.keys(fields) : [];
  const decoders = fields ? Object.values(fields).map(decoderOf) : [];
  if (fields) {
    const columns = stmt.columns();
    const mismatch = columns.length !== keys.length || Object.values(fields).some((f, i) => is(f, Column) && f.name !== columns[i]?.name);
    if (mismatch) throw new Error(`compiled query: fields ${keys.join(', ')} do not match ${query.sql}`);
  }

  const args = (values: P): unknown[] => {
    const v = values as Record<string, unknown>;
    const out = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if ('constant' in s) {
        out[i] = s.constant;
        continue;
      }
      if (!(s.name in v)) throw new Error(`No value for placeholder "${s.name}" was provided`);
      // like drizzle: a column's codec sees every value, null included
      out[i] = s.codec ? s.codec.mapToDriverValue(v[s.name]) : v[s.name];
    }
    return out;
  };
  const row = (raw: unknown[]): R => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = raw[i];
      out[keys[i]!] = value === null ? null : decoders[i]!.mapFromDriverValue(value);
    }
    return out as R;
  };

  return {
    run: (values) => stmt.run(...args(values)),
    // raw mode is set per call: the connection's statement cache shares this statement with
    // drizzle's own prepared query, and resets the mode when it hands it out (db/open.ts)
    get: (values) => {
      const raw = stmt.raw(true).get(...args(values)) as unknown[] | undefined;
      return raw === undefined ? undefined : row(raw);
    },
    all: (values) => (stmt.raw(true).all(...args(values)) as unknown[][]).map(row),
  };
}
