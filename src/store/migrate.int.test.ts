import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers/db.js';
import type { Db } from './db.js';
import { listMigrations, migrate } from './migrate.js';

describe('migrate', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('records every migration once and is idempotent', async () => {
    const rows = (await db.query<{ name: string }>('select name from schema_migrations order by name')).rows;
    expect(rows.map((r) => r.name)).toEqual(listMigrations());
    expect(await migrate(db)).toEqual([]);
  });

  it('rolls back a transaction that throws', async () => {
    await db.query('create table t_rollback (x int)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t_rollback values (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.query('select * from t_rollback')).rowCount).toBe(0);
  });
});

describe('Queryable.rowCount', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
    await db.query('create table t_count (x int)');
  });
  afterAll(() => db.close());

  it('counts selected, inserted and updated rows alike on both databases', async () => {
    expect((await db.query('insert into t_count values (1), (2), (3)')).rowCount).toBe(3);
    expect((await db.query('select * from t_count')).rowCount).toBe(3);
    expect((await db.query('update t_count set x = x + 1 where x > 1')).rowCount).toBe(2);
    expect((await db.query('select * from t_count where x > 100')).rowCount).toBe(0);
  });
});
