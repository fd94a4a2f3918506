import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/helpers/db.js';
import type { Db } from '../../store/db.js';
import { countSpecialties, getSpecialtyRow } from '../../store/drugs.js';
import { ensureDrugData, importBdpm } from './import.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
}, 180_000);
afterAll(async () => db.close());

describe('importBdpm', () => {
  it('loads official files, decoding windows-1252 and UTF-8 files each as they are', async () => {
    const s = await importBdpm(db, FIXTURES);
    expect(s).toMatchObject({ specialties: 5, source: FIXTURES });
    expect(s.presentations).toBeGreaterThan(5);
    const augmentin = await getSpecialtyRow(db, '66053338');
    expect(augmentin?.name).toMatch(/^AUGMENTIN 1 g\/125 mg, poudre pour suspension buvable en sachet-dose/);
    expect(augmentin?.marketed).toBe(true);
    const labels = await db.query<{ label: string }>(
      "select label from drug_presentation where cis = '60234100'",
    );
    expect(labels.rows.map((r) => r.label).join(' ')).toMatch(/plaquette/);
    const substances = await db.query<{ name: string; strength: string }>(
      "select name, strength from drug_substance where cis = '60234100'",
    );
    expect(substances.rows).toEqual([{ name: 'PARACÉTAMOL', strength: '1000 mg' }]);
  });

  it('maps forms and routes to EDQM and ATC from CIS_MITM', async () => {
    const r = await db.query<{
      form_edqm_code: string | null;
      route_edqm_codes: string[];
      atc: string | null;
    }>("select form_edqm_code, route_edqm_codes, atc from drug_specialty where cis = '60234100'");
    expect(r.rows[0]).toEqual({ form_edqm_code: '10219000', route_edqm_codes: ['20053000'], atc: 'N02BE01' });
  });

  it('is idempotent: a second import leaves the same rows', async () => {
    const before = await db.query('select * from drug_specialty order by cis');
    await importBdpm(db, FIXTURES);
    const after = await db.query('select * from drug_specialty order by cis');
    expect(after.rows).toEqual(before.rows);
    expect(await countSpecialties(db)).toBe(5);
    const imports = await db.query<{ n: number }>('select count(*)::int as n from drug_import');
    expect(imports.rows[0]?.n).toBe(2);
  });

  it('does not re-import on start when drug data is present', async () => {
    expect(await ensureDrugData(db)).toBeNull();
    expect(await countSpecialties(db)).toBe(5);
  });

  it('rejects a folder without the official files with a clear error', async () => {
    await expect(importBdpm(db, path.join(FIXTURES, 'missing'))).rejects.toThrow(
      /Missing in .*CIS_bdpm\.txt, CIS_COMPO_bdpm\.txt/,
    );
  });
});
