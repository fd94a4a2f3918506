/**
 * @module `ordoscan scan`: reads prescriptions from files, offline — no server, no database, no
 * network. Each INPUT is one prescription: an image, a (multi-page) PDF, or a folder of page images
 * (pages in name order). With `--group-pages`, files named `<name>.p<N>.<ext>` are joined into one
 * prescription `<name>` (the eval set's multi-page documents). One scan engine (one OCR worker
 * pool) serves every input.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bundle, Medication, MedicationRequest, RequestGroup } from '@medplum/fhirtypes';
import { AppError } from '../errors.js';
import { createScanEngine, type ScanEngine, type ScanOutput } from '../scan/engine.js';
import type { CliIo, Command } from './types.js';

type Format = 'fhir' | 'json' | 'text';

interface ScanArgs {
  format: Format;
  out: string | null;
  workers: number;
  groupPages: boolean;
  inputs: string[];
}

/** One prescription to read: its output name and its files in page order. */
export interface ScanInput {
  name: string;
  files: string[];
}

const USAGE = 'scan [--format fhir|json|text] [--out DIR] [--workers N] [--group-pages] INPUT...';
const PAGE_SUFFIX = /^(.*)\.p(\d+)\.[^.]+$/i;
const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

function parseArgs(args: string[]): ScanArgs {
  const out: ScanArgs = { format: 'fhir', out: null, workers: 0, groupPages: false, inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new AppError('invalid', `${a} needs a value. Usage: ordoscan ${USAGE}`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (f !== 'fhir' && f !== 'json' && f !== 'text') {
        throw new AppError('invalid', `--format must be fhir, json or text, got "${f}"`);
      }
      out.format = f;
    } else if (a === '--out') {
      out.out = value();
    } else if (a === '--workers') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new AppError('invalid', '--workers must be 1 to 64');
      out.workers = n;
    } else if (a === '--group-pages') {
      out.groupPages = true;
    } else if (a.startsWith('--')) {
      throw new AppError('invalid', `Unknown option ${a}. Usage: ordoscan ${USAGE}`);
    } else {
      out.inputs.push(a);
    }
  }
  if (out.inputs.length === 0) throw new AppError('invalid', `No input given. Usage: ordoscan ${USAGE}`);
  return out;
}

/**
 * Turns INPUT arguments into prescriptions.
 * @param inputs - files and folders
 * @param groupPages - join `<name>.p<N>.<ext>` files into one prescription `<name>`
 * @throws AppError `invalid` for a missing path or an empty folder
 */
export async function resolveInputs(inputs: readonly string[], groupPages: boolean): Promise<ScanInput[]> {
  const result: ScanInput[] = [];
  const groups = new Map<string, { input: ScanInput; pages: { page: number; file: string }[] }>();
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    if (stat === null) throw new AppError('invalid', `No such file or folder: ${input}`);
    if (stat.isDirectory()) {
      const entries = await fs.readdir(input);
      const isFile = async (n: string): Promise<boolean> =>
        !n.startsWith('.') && ((await fs.stat(path.join(input, n)).catch(() => null))?.isFile() ?? false);
      const names = (await Promise.all(entries.map(async (n) => ((await isFile(n)) ? [n] : []))))
        .flat()
        .sort(byName);
      if (names.length === 0) throw new AppError('invalid', `Folder ${input} has no file`);
      result.push({ name: path.basename(path.resolve(input)), files: names.map((n) => path.join(input, n)) });
      continue;
    }
    const m = groupPages ? PAGE_SUFFIX.exec(path.basename(input)) : null;
    if (m === null) {
      result.push({ name: path.basename(input).replace(/\.[^.]+$/, ''), files: [input] });
      continue;
    }
    const key = path.join(path.dirname(input), m[1] ?? '');
    let group = groups.get(key);
    if (group === undefined) {
      group = { input: { name: m[1] ?? '', files: [] }, pages: [] };
      groups.set(key, group);
      result.push(group.input); // in the order of first appearance; files filled below
    }
    group.pages.push({ page: Number(m[2]), file: input });
  }
  for (const { input, pages } of groups.values()) {
    input.files = pages.sort((a, b) => a.page - b.page).map((p) => p.file);
  }
  const seen = new Set<string>();
  for (const r of result) {
    if (seen.has(r.name)) {
      throw new AppError(
        'invalid',
        `Two inputs are both named "${r.name}" (outputs would collide); rename one`,
      );
    }
    seen.add(r.name);
  }
  return result;
}

/** @returns the RequestGroup's lines as text: drug, dosage, reliability */
export function requestGroupText(name: string, rg: RequestGroup): string {
  const contained = rg.contained ?? [];
  const meds = new Map(
    contained
      .filter((r): r is Medication => r.resourceType === 'Medication')
      .map((m) => [`#${m.id ?? ''}`, m]),
  );
  const rows = contained
    .filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest')
    .map((req, i) => {
      const med = meds.get(req.medicationReference?.reference ?? '');
      const code = med?.code ?? req.medicationCodeableConcept;
      const drug = code?.text ?? code?.coding?.[0]?.display ?? '?';
      const cis = code?.coding?.find((c) => c.system?.includes('1.213.2.3.1'))?.code;
      const dosage = (req.dosageInstruction ?? []).map((d) => d.text ?? '').join(' puis ');
      const reliability = req.extension?.find((e) => e.url.includes('Reliability'))?.valueCoding?.code ?? '?';
      return `  ${i + 1}. ${drug}${cis === undefined ? '' : ` [CIS ${cis}]`} — ${dosage} (reliability: ${reliability})`;
    });
  return [`${name}${rg.authoredOn === undefined ? '' : ` (${rg.authoredOn})`}`, ...rows].join('\n');
}

function render(format: Format, input: ScanInput, out: ScanOutput): string {
  if (format === 'text') return requestGroupText(input.name, out.requestGroup);
  if (format === 'fhir') return JSON.stringify(out.requestGroup, null, 2);
  return JSON.stringify(
    { name: input.name, files: input.files, read: out.read, requestGroup: out.requestGroup },
    null,
    2,
  );
}

async function scanAll(engine: ScanEngine, inputs: ScanInput[], args: ScanArgs, io: CliIo): Promise<number> {
  let failed = 0;
  const results: (ScanOutput | null)[] = new Array<ScanOutput | null>(inputs.length).fill(null);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < inputs.length; i = next++) {
      const input = inputs[i] as ScanInput;
      try {
        const files = await Promise.all(input.files.map(async (f) => ({ bytes: await fs.readFile(f) })));
        const out = await engine.scan(files, { prescriptionId: input.name });
        results[i] = out;
        if (args.out !== null) {
          const ext = args.format === 'text' ? 'txt' : 'json';
          await fs.writeFile(
            path.join(args.out, `${input.name}.${ext}`),
            `${render(args.format, input, out)}\n`,
          );
        }
      } catch (err) {
        failed++;
        io.err(`${input.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, args.workers) }, lane));
  if (args.out === null) io.out(renderStdout(args.format, inputs, results));
  return failed === 0 ? 0 : 1;
}

function renderStdout(format: Format, inputs: ScanInput[], results: (ScanOutput | null)[]): string {
  const done = inputs.flatMap((input, i) => {
    const out = results[i];
    return out ? [{ input, out }] : [];
  });
  if (done.length === 1 || format === 'text') {
    return done.map((d) => render(format, d.input, d.out)).join('\n\n');
  }
  if (format === 'json') {
    const all = done.map((d) => ({
      name: d.input.name,
      files: d.input.files,
      read: d.out.read,
      requestGroup: d.out.requestGroup,
    }));
    return JSON.stringify(all, null, 2);
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: done.map((d) => ({ resource: d.out.requestGroup })),
  };
  return JSON.stringify(bundle, null, 2);
}

export const scanCommand: Command = {
  name: ['scan'],
  summary: 'read prescriptions from image/PDF files offline (no server, no database)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    const inputs = await resolveInputs(args.inputs, args.groupPages);
    if (args.out !== null) await fs.mkdir(args.out, { recursive: true });
    const workers = args.workers || Math.min(2, os.availableParallelism(), inputs.length);
    const engine = await createScanEngine({ ocrWorkers: workers });
    try {
      return await scanAll(engine, inputs, { ...args, workers }, io);
    } finally {
      await engine.close();
    }
  },
};
