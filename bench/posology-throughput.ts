/**
 * @module Hand-run throughput benchmark of parsePosology on one core: a warm-up, then a timed loop over a
 * varied set of French dosage lines (freq, slots, compact, intervals, as-needed, tapers, OCR slips,
 * non-dosage lines). Prints lines per wall-clock second and per CPU second of this process (the latter is the
 * single-core rate even when the machine is shared). Target: ≥ 20,000 lines/s.
 *
 *   npx tsx bench/posology-throughput.ts [seconds]
 */
import { parsePosology } from '../src/scan/posology/index.js';

const LINES: [string, string][] = [
  ['1 cp matin, midi et soir pendant 7 jours', 'DOLIPRANE 1000 mg cp'],
  ['1 comprimé 3 fois par jour au cours des repas, à renouveler 2 fois', 'METFORMINE 500 mg cp'],
  ['1-0-1', 'OMEPRAZOLE 20 mg gél'],
  ['gélules : 1-0-2, qsp 2 semaines', 'MOPRAL 10 mg gélule'],
  ['1 sachet si douleur, sans dépasser 3 par jour', 'DOLIPRANE 1000 mg sachet'],
  ['1 cp toutes les 8 heures si besoin, max 4 g/24h', 'PARACETAMOL 1 g cp'],
  ['40 mg le matin pendant 2 semaines puis 30 mg le matin pendant 2 semaines puis 20 mg', 'CORTANCYL 20 mg'],
  ['½ comprimé le soir au coucher – pendant 4 semaines', 'STILNOX 10 mg cp'],
  ['1 le matin, 1 à midi et 2 le soir', 'LERCAN 10 mg cp'],
  ['1 inj sous-cutanée une fois par semaine', 'TRULICITY 1,5 mg stylo'],
  ['2 bouffées en cas de crise', 'VENTOLINE 100 µg/dose'],
  ['1 application matin et soir sur les lésions – pdt 15 j', 'DICLOFENAC 1 % gel'],
  ['l cp rnatin et soir pedant 7 jours', 'AMLODIPINE 5 mg cp'],
  ['Allergie : pénicilline', ''],
  ['10 mL matin et soir bien agiter avant emploi', 'ATARAX 2 mg/mL sirop'],
  ['1 cp le lundi et le jeudi, QSP 3 mois, AR 3 fois', 'METHOTREXATE 2,5 mg cp'],
];

const seconds = Number(process.argv[2] ?? 3);
for (let i = 0; i < 2000; i++) {
  const [t, d] = LINES[i % LINES.length]!;
  parsePosology(t, { drug: d });
}
let n = 0;
let sink = 0;
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(seconds * 1e9));
// Best 100-ms window: the single-core rate when the shared machine happens to give us a whole core.
let best = 0;
let windowStart = start;
let windowN = 0;
while (process.hrtime.bigint() < deadline) {
  for (const [t, d] of LINES) sink += parsePosology(t, { drug: d }).dosages.length;
  n += LINES.length;
  windowN += LINES.length;
  const now = process.hrtime.bigint();
  if (now - windowStart >= 100_000_000n) {
    best = Math.max(best, windowN / (Number(now - windowStart) / 1e9));
    windowStart = now;
    windowN = 0;
  }
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rate = (x: number): string => Math.round(n / x).toLocaleString('en');
console.log(
  `${n} lines in ${elapsed.toFixed(2)} s wall (${rate(elapsed)} lines/s), ${cpuSeconds.toFixed(2)} s CPU ` +
    `(${rate(cpuSeconds)} lines per CPU-second), best 100-ms window ${Math.round(best).toLocaleString('en')} ` +
    `lines/s — checksum ${sink}`,
);
