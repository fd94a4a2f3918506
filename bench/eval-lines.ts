/**
 * @module Hand-run diagnosis of the dump eval: for every truth line that is not an exact posology
 * match (or is a silent error), prints the printed truth posology next to what the engine read
 * (drug text, posology text, structured steps, reliability, issues). Reads the OCR dumps like
 * `eval-from-dumps.ts`; the truth stays in the eval folder (nothing is copied).
 *
 *   npx tsx bench/eval-lines.ts [dumpDir] [--all]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDrugIndex } from '../src/drugs/index.js';
import { toRequestGroup } from '../src/fhir/index.js';
import { readPrescription } from '../src/scan/pipeline.js';
import type { Dosage } from '@medplum/fhirtypes';
import type { PageText } from '../src/scan/types.js';

interface TruthStep {
  sequence: number;
  doseValue: number | null;
  doseUnit: string | null;
  frequency: number | null;
  period: number | null;
  periodUnit: string | null;
  when: string[] | null;
  durationValue: number | null;
  durationUnit: string | null;
  asNeeded: boolean;
  maxDosePerPeriod: unknown;
}
interface TruthLine {
  index: number;
  printedDrug: string;
  posologyText: string;
  acceptableCis: string[];
  impliedRoutes: string[];
  dosage: TruthStep[];
}
interface Truth {
  id: string;
  layout: string;
  layoutVariant: string | null;
  media: { kind: string };
  lines: TruthLine[];
}
type Scorer = {
  predLines: (
    json: unknown,
  ) => { cis: string[]; text: string; reliability: string | null; dosage: Dosage[] }[];
  compareDosage: (
    t: unknown[],
    p: unknown[],
    routes: string[],
  ) => { exact: boolean; items: Record<string, boolean | null>[] };
};

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dumpDir = args[0] ?? '/work/cache/ocr';
const all = process.argv.includes('--all');
const truthDir = '/work/shared/eval/dev';
const scorerPath: string = '/work/shared/eval/score.mjs';
const scorer = (await import(scorerPath)) as Scorer;

function brief(d: Dosage): string {
  const q = d.doseAndRate?.[0]?.doseQuantity;
  const r = d.timing?.repeat;
  const parts = [
    `seq${d.sequence ?? '?'}`,
    q ? `${q.value}${q.unit ? ` ${q.unit}` : ''}` : 'no-dose',
    r?.frequency !== undefined ? `${r.frequency}/${r.period}${r.periodUnit}` : '',
    r?.when ? `[${r.when.join(',')}]` : '',
    r?.boundsDuration ? `for ${r.boundsDuration.value}${r.boundsDuration.code}` : '',
    d.asNeededBoolean || d.asNeededCodeableConcept ? 'prn' : '',
    d.maxDosePerPeriod ? `max ${d.maxDosePerPeriod.numerator?.value}` : '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}
function briefTruth(s: TruthStep): string {
  return [
    `seq${s.sequence}`,
    `${s.doseValue ?? '?'} ${s.doseUnit ?? '?'}`,
    s.frequency != null ? `${s.frequency}/${s.period ?? '?'}${s.periodUnit ?? '?'}` : '',
    s.when ? `[${s.when.join(',')}]` : '',
    s.durationValue != null ? `for ${s.durationValue}${s.durationUnit ?? '?'}` : '',
    s.asNeeded ? 'prn' : '',
    s.maxDosePerPeriod ? 'max' : '',
  ]
    .filter((p) => p !== '')
    .join(' ');
}

const drugs = await loadDrugIndex();
for (const file of readdirSync(dumpDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const id = file.replace(/\.json$/, '');
  const truth = JSON.parse(readFileSync(path.join(truthDir, `${id}.truth.json`), 'utf8')) as Truth;
  const { pages } = JSON.parse(readFileSync(path.join(dumpDir, file), 'utf8')) as { pages: PageText[] };
  const read = readPrescription({ drugs }, pages);
  const group = toRequestGroup(read, {
    prescriptionId: id,
    patientId: 'x',
    practitioner: { name: 'x', rpps: null },
  });
  const preds = scorer.predLines(group);
  const used = new Set<number>();
  for (const t of truth.lines) {
    // the same matching rule as the scorer is approximated: CIS first, then drug text order
    let pi = preds.findIndex((p, i) => !used.has(i) && p.cis.some((c) => t.acceptableCis.includes(c)));
    if (pi < 0) {
      pi = preds.findIndex(
        (p, i) =>
          !used.has(i) && p.text.toLowerCase().includes(t.printedDrug.toLowerCase().split(/\s+/)[0] ?? '§'),
      );
    }
    const tag = `${id} ${truth.layout}${truth.layoutVariant ? `/${truth.layoutVariant}` : ''} ${truth.media.kind} L${t.index}`;
    if (pi < 0) {
      console.log(`${tag} UNMATCHED  ${t.printedDrug} | ${t.posologyText}`);
      continue;
    }
    used.add(pi);
    const p = preds[pi]!;
    const line = read.lines[pi]!;
    const cmp = scorer.compareDosage(t.dosage, p.dosage, t.impliedRoutes);
    const cisOk = p.cis.some((c) => t.acceptableCis.includes(c));
    const silent = p.reliability === 'high' && (!cisOk || !cmp.exact);
    if (process.argv.includes('--conf')) {
      const ok = cmp.exact && cisOk ? 'ok' : 'WRONG';
      console.log(
        `conf ${ok} ${p.reliability} digit=${line.digitConfidence ?? '-'} mean=${line.ocrConfidence} ${tag} ${line.issues.map((i) => i.code).join(',')}`,
      );
      continue;
    }
    if (cmp.exact && cisOk && !all) continue;
    const wrong = [
      ...new Set(
        cmp.items.flatMap((r) => Object.keys(r).filter((k) => k !== 'routeStated' && r[k] === false)),
      ),
    ];
    console.log(
      `${tag} ${silent ? 'SILENT ' : ''}${cmp.exact ? 'exact' : `WRONG(${wrong.join(',')})`}${cisOk ? '' : ' CIS-WRONG'} rel=${p.reliability}`,
    );
    console.log(`   truth: ${t.printedDrug} | ${t.posologyText}`);
    console.log(`          ${t.dosage.map(briefTruth).join(' ; ')}`);
    console.log(`   read : ${line.drugText} | ${line.posologyText}`);
    console.log(`          ${p.dosage.map(brief).join(' ; ')}`);
    for (const b of line.boxes) {
      const page = pages.find((pg) => pg.page === b.page);
      for (const l of page?.lines ?? []) {
        const cy = l.box.y + l.box.height / 2;
        if (cy >= b.y && cy <= b.y + b.height && l.box.x < b.x + b.width && b.x < l.box.x + l.box.width) {
          console.log(`   ocr  : ${l.words.map((w) => `${w.text}:${Math.round(w.confidence)}`).join(' ')}`);
        }
      }
    }
    const codes = line.issues.map((i) => i.code).join(',');
    if (codes) console.log(`   issues: ${codes}`);
  }
}
