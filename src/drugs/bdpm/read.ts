/**
 * @module File I/O for the drug data: reads the BDPM snapshot shipped under `assets/bdpm/` (gzip of
 * the official bytes) or a directory of newer official files (same names, plain or `.gz`), plus the
 * shipped ATC and EDQM tables under `assets/drugs/`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../errors.js';
import {
  parseAtcTable,
  parseCip,
  parseCis,
  parseCompo,
  parseEdqmTable,
  parseGener,
  parseMitm,
} from './parse.js';
import type { BdpmSnapshot } from './records.js';

/** `assets/` of the project (this file is `src/drugs/bdpm/read.ts`). */
export const ASSETS_DIR = fileURLToPath(new URL('../../../assets/', import.meta.url));
/** The shipped official BDPM files. */
export const SNAPSHOT_DIR = path.join(ASSETS_DIR, 'bdpm');

/** The official BDPM file names the importer reads. */
export const BDPM_FILES = [
  'CIS_bdpm.txt',
  'CIS_COMPO_bdpm.txt',
  'CIS_GENER_bdpm.txt',
  'CIS_CIP_bdpm.txt',
  'CIS_MITM.txt',
] as const;
export type BdpmFile = (typeof BDPM_FILES)[number];

async function readMaybeGzip(dir: string, name: string): Promise<Uint8Array> {
  for (const [file, gz] of [
    [name, false],
    [`${name}.gz`, true],
  ] as const) {
    try {
      const bytes = await fs.readFile(path.join(dir, file));
      return gz ? gunzipSync(bytes) : bytes;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new AppError('not-found', `${name} (or ${name}.gz) is missing in ${dir}`);
}

/**
 * Reads the raw bytes of the BDPM files in a directory.
 * @param dir - folder holding the official files (plain or gzip)
 * @param names - which files (all by default); missing ones come back empty
 */
export async function readBdpmFiles(
  dir: string,
  names: readonly BdpmFile[] = BDPM_FILES,
): Promise<Record<BdpmFile, Uint8Array>> {
  const settled = await Promise.allSettled(names.map(async (f) => [f, await readMaybeGzip(dir, f)] as const));
  const missing = names.filter((_, i) => settled[i]?.status === 'rejected');
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined) {
    if (missing.length > 0 && failure.reason instanceof AppError && failure.reason.code === 'not-found') {
      throw new AppError(
        'not-found',
        `Missing in ${dir}: ${missing.join(', ')} (plain or .gz); expected the official BDPM files`,
      );
    }
    throw failure.reason;
  }
  const entries = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const empty = Object.fromEntries(BDPM_FILES.map((f) => [f, new Uint8Array()]));
  return { ...empty, ...Object.fromEntries(entries) } as Record<BdpmFile, Uint8Array>;
}

/**
 * Reads and parses a BDPM snapshot, plus the shipped ATC (ANS) and EDQM tables.
 * @param dir - folder of official BDPM files; the shipped snapshot when omitted
 * @param options - `presentations: false` skips CIS_CIP_bdpm.txt (not needed for recognition)
 */
export async function readBdpmSnapshot(
  dir: string = SNAPSHOT_DIR,
  options: { presentations?: boolean } = {},
): Promise<BdpmSnapshot> {
  const withCip = options.presentations !== false;
  const files = await readBdpmFiles(
    dir,
    withCip ? BDPM_FILES : BDPM_FILES.filter((f) => f !== 'CIS_CIP_bdpm.txt'),
  );
  const drugsDir = path.join(ASSETS_DIR, 'drugs');
  const [atc, forms, routes] = await Promise.all([
    fs.readFile(path.join(drugsDir, 'cis-atc-ans.tsv.gz')).then((b) => gunzipSync(b).toString('utf8')),
    fs.readFile(path.join(drugsDir, 'edqm-forms.tsv'), 'utf8'),
    fs.readFile(path.join(drugsDir, 'edqm-routes.tsv'), 'utf8'),
  ]);
  return {
    specialties: parseCis(files['CIS_bdpm.txt']),
    compositions: parseCompo(files['CIS_COMPO_bdpm.txt']),
    generics: parseGener(files['CIS_GENER_bdpm.txt']),
    presentations: withCip ? parseCip(files['CIS_CIP_bdpm.txt']) : [],
    atcMitm: parseMitm(files['CIS_MITM.txt']),
    atcAns: parseAtcTable(atc),
    formsEdqm: parseEdqmTable(forms),
    routesEdqm: parseEdqmTable(routes),
  };
}
