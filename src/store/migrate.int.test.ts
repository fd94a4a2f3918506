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
