/**
 * @module Drug reference tables (migration 0010): replaced as a whole from a BDPM snapshot inside
 * one transaction, so that running an import twice leaves the same rows (idempotent). Bulk inserts
 * use `unnest` over parameter arrays (one statement per table, same SQL on PGlite and PostgreSQL).
 */
import type { GenerRecord, CipRecord } from '../drugs/bdpm/records.js';
import type { Specialty } from '../drugs/types.js';
import type { Db, Queryable } from './db.js';

/** What an import loads. */
export interface DrugData {
  specialties: (Specialty & { ammStatus: string; holders: string[] })[];
  generics: GenerRecord[];
  presentations: CipRecord[];
}

/** Counts recorded for one import. */
export interface DrugImportSummary {
  source: string;
  importedAt: string;
  specialties: number;
  substances: number;
  genericGroups: number;
  presentations: number;
}

const BATCH = 5000;

async function insertBatches<T>(
  tx: Queryable,
  rows: T[],
  sql: string,
  columns: ((r: T) => unknown)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    await tx.query(
      sql,
      columns.map((col) => slice.map(col)),
    );
  }
}

/**
 * Replaces every drug table with `data` and records the import.
 * @param db - the database
 * @param data - specialties, generic groups and presentations
 * @param source - where the data comes from (shown by `ordoscan drugs import`)
 */
export async function replaceDrugData(db: Db, data: DrugData, source: string): Promise<DrugImportSummary> {
  return db.transaction(async (tx) => {
    await tx.query('delete from drug_substance');
    await tx.query('delete from drug_specialty');
    await tx.query('delete from drug_generic_group');
    await tx.query('delete from drug_presentation');
    await insertBatches(
      tx,
      data.specialties,
      `insert into drug_specialty (cis, name, brand, form, form_family, form_edqm_code, form_edqm_display,
         routes, route_edqm_codes, atc, marketed, modified_release, strength, generic_group, amm_status, holders)
       select cis, name, brand, form, family, edqm, edqm_display, string_to_array(routes, ';'),
         string_to_array(route_codes, ';'), atc, marketed, lp, strength, grp, amm, string_to_array(holders, ';')
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::boolean[], $12::boolean[], $13::text[], $14::text[], $15::text[], $16::text[])
         as t(cis, name, brand, form, family, edqm, edqm_display, routes, route_codes, atc, marketed, lp, strength,
           grp, amm, holders)`,
      [
        (s) => s.cis,
        (s) => s.name,
        (s) => s.brand,
        (s) => s.form,
        (s) => s.formFamily,
        (s) => s.formEdqm?.code ?? null,
        (s) => s.formEdqm?.display ?? null,
        (s) => s.routes.join(';'),
        (s) => s.routesEdqm.map((r) => r.code).join(';'),
        (s) => s.atc,
        (s) => s.marketed,
        (s) => s.modifiedRelease,
        (s) => s.strength ?? null,
        (s) => s.genericGroup ?? null,
        (s) => s.ammStatus,
        (s) => s.holders.join(';'),
      ],
    );
    const substances = data.specialties.flatMap((s) => s.substances.map((x) => ({ cis: s.cis, ...x })));
    await insertBatches(
      tx,
      substances,
      `insert into drug_substance (cis, code, name, strength, reference)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       on conflict do nothing`,
      [(s) => s.cis, (s) => s.code, (s) => s.name, (s) => s.strength, (s) => s.reference],
    );
    await insertBatches(
      tx,
      data.generics,
      `insert into drug_generic_group (group_id, label, cis, type)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) on conflict do nothing`,
      [(g) => g.groupId, (g) => g.groupLabel, (g) => g.cis, (g) => g.type],
    );
    await insertBatches(
      tx,
      data.presentations,
      `insert into drug_presentation (cis, cip7, cip13, label, status, marketing_state, declaration_date,
         reimbursement_rates, price)
       select cis, cip7, cip13, label, status, state, date, string_to_array(rates, ';'), price
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[]) as t(cis, cip7, cip13, label, status, state, date, rates, price)
       on conflict do nothing`,
      [
        (p) => p.cis,
        (p) => p.cip7,
        (p) => p.cip13,
        (p) => p.label,
        (p) => p.status,
        (p) => p.marketingState,
        (p) => p.declarationDate,
        (p) => p.reimbursementRates.join(';'),
        (p) => p.price,
      ],
    );
    const counts = await tx.query<{ s: number; sub: number; g: number; p: number }>(
      `select (select count(*)::int from drug_specialty) as s, (select count(*)::int from drug_substance) as sub,
              (select count(*)::int from drug_generic_group) as g, (select count(*)::int from drug_presentation) as p`,
    );
    const c = counts.rows[0] ?? { s: 0, sub: 0, g: 0, p: 0 };
    const row = await tx.query<{ imported_at: Date | string }>(
      `insert into drug_import (source, specialties, substances, generic_groups, presentations)
       values ($1, $2, $3, $4, $5) returning imported_at`,
      [source, c.s, c.sub, c.g, c.p],
    );
    const at = row.rows[0]?.imported_at;
    return {
      source,
      importedAt: at instanceof Date ? at.toISOString() : String(at),
      specialties: c.s,
      substances: c.sub,
      genericGroups: c.g,
      presentations: c.p,
    };
  });
}

/**
 * Number of specialties in the database (0 before the first import).
 * @param db - the database
 */
export async function countSpecialties(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>('select count(*)::int as n from drug_specialty');
  return r.rows[0]?.n ?? 0;
}

/**
 * Looks a specialty row up by CIS (name, form, ATC, marketing status).
 * @param db - the database
 * @param cis - 8-digit CIS
 */
export async function getSpecialtyRow(
  db: Queryable,
  cis: string,
): Promise<{ cis: string; name: string; form: string; atc: string | null; marketed: boolean } | null> {
  const r = await db.query<{
    cis: string;
    name: string;
    form: string;
    atc: string | null;
    marketed: boolean;
  }>('select cis, name, form, atc, marketed from drug_specialty where cis = $1', [cis]);
  return r.rows[0] ?? null;
}
