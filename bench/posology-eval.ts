/**
 * @module Hand-run evaluation of the posology engine on a posology JSONL file (eval format: one
 * `{ id, drug, text, … }` per line). Writes predictions `{ id, dosage, reliability, renewals }` as JSONL, to be
 * scored with `node /work/shared/eval/score.mjs --posology <truth> --pred <out>`.
 *
 *   npx tsx bench/posology-eval.ts /work/shared/eval/posology-dev.jsonl /tmp/posology-pred.jsonl
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePosology } from '../src/scan/posology/index.js';

const [input = '/work/shared/eval/posology-dev.jsonl', output = 'posology-pred.jsonl'] =
  process.argv.slice(2);
const lines = readFileSync(input, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const out: string[] = [];
const counts = { high: 0, medium: 0, low: 0 };
for (const line of lines) {
  const entry = JSON.parse(line) as { id: string; drug?: string; text: string };
  const r = parsePosology(entry.text, { drug: entry.drug });
  counts[r.reliability]++;
  out.push(
    JSON.stringify({
      id: entry.id,
      dosage: r.dosages,
      reliability: r.reliability,
      renewals: r.renewals,
      issues: r.issues,
    }),
  );
}
writeFileSync(output, out.join('\n') + '\n');
console.log(
  `${lines.length} lines → ${output}; reliability high=${counts.high} medium=${counts.medium} low=${counts.low}`,
);
