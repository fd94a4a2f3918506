/**
 * @module Shared by the hand-run OCR benchmarks: lists the dev documents of the eval set
 * (`/work/shared/eval/dev`, not shipped, not used by tests) with their input files and truth.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEV_DIR = process.env.ORDOSCAN_EVAL_DEV ?? '/work/shared/eval/dev';

/** The parts of a truth file the OCR benchmarks use. */
export interface DevDoc {
  id: string;
  kind: string;
  layout: string;
  files: string[];
  lines: { page: number; printedDrug: string; posologyText: string }[];
}

/** @returns the dev documents (optionally only those whose id or kind is in `only`), by id. */
export async function loadDevSet(only: string[] = []): Promise<DevDoc[]> {
  const names = (await readdir(DEV_DIR)).filter((f) => f.endsWith('.truth.json')).sort();
  const docs: DevDoc[] = [];
  for (const name of names) {
    const t = JSON.parse(await readFile(join(DEV_DIR, name), 'utf8')) as {
      id: string;
      files: string[];
      layout: string;
      media: { kind: string };
      lines: DevDoc['lines'];
    };
    const doc = { id: t.id, kind: t.media.kind, layout: t.layout, files: t.files, lines: t.lines };
    if (only.length === 0 || only.includes(doc.id) || only.includes(doc.kind)) docs.push(doc);
  }
  return docs;
}

/** @returns the input files of `doc`, in page order. */
export function readDevFiles(doc: DevDoc): Promise<{ bytes: Buffer }[]> {
  return Promise.all(doc.files.map(async (f) => ({ bytes: await readFile(join(DEV_DIR, f)) })));
}
