// Issue 16, finding 9: a format-2 snapshot becomes the replica as it is; its schema must be exactly
// what the replica migrations it has make. Real replica files made by the desk's own migrations.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { describe, expect, it } from 'vitest';
import { appRoot } from '@main/paths';
import { openReplicaDb } from '@main/replica/open';
import { checkSnapshotSchema } from '@main/replica/snapshot-schema';
import { tempDir } from '../../support/processes';

const migrations = readMigrationFiles({ migrationsFolder: join(appRoot(), 'drizzle', 'replica') });

/** A replica file at every migration, with the snapshot's meta table, changed by `sql`; checked. */
function check(sql: string): void {
  const file = join(tempDir('dd-schema-'), 'replica.sqlite');
  openReplicaDb(file).sqlite.close();
  const db = new Database(file);
  try {
    db.exec('CREATE TABLE snapshot_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    if (sql) db.exec(sql);
    checkSnapshotSchema(db, migrations, migrations.length);
  } finally {
    db.close();
  }
}

describe('checkSnapshotSchema', () => {
  it('takes a replica exactly as the migrations make it, with the snapshot meta', () => {
    expect(() => check('')).not.toThrow();
  });

  it('refuses a trigger, a view or an index the migrations do not make, by name', () => {
    expect(() => check(`CREATE TRIGGER t AFTER INSERT ON orders BEGIN DELETE FROM meta; END`)).toThrow(/holds trigger t \(on orders\), which this desk's migrations do not create/);
    expect(() => check('CREATE VIEW v AS SELECT 1')).toThrow(/holds view v, which/);
    expect(() => check('CREATE INDEX spy ON orders (version)')).toThrow(/holds index spy \(on orders\)/);
    expect(() => check('CREATE TABLE extra (x)')).toThrow(/holds table extra, which/);
  });

  it('refuses a table of the migrations defined otherwise, or one they make that is missing', () => {
    expect(() => check('DROP TABLE meta; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT, spy TEXT)')).toThrow(/table meta is not defined as this desk's migrations define it/);
    const index = /CREATE (?:UNIQUE )?INDEX [`"]?(\w+)/.exec(migrations.flatMap((m) => m.sql).join('\n'))?.[1];
    expect(index).toBeTruthy();
    expect(() => check(`DROP INDEX ${index}`)).toThrow(new RegExp(`lacks index ${index}`));
  });

  it('refuses the snapshot meta as a view in place of its table', () => {
    const file = join(tempDir('dd-schema-'), 'replica.sqlite');
    openReplicaDb(file).sqlite.close();
    const db = new Database(file);
    try {
      db.exec(`CREATE VIEW snapshot_meta AS SELECT 'format' AS key, '2' AS value`);
      expect(() => checkSnapshotSchema(db, migrations, migrations.length)).toThrow(/holds view snapshot_meta/);
    } finally {
      db.close();
    }
  });
});
