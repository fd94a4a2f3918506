/**
 * @module Extraction: pages of text → `ReadResult`. Runs the layout (with the drug recogniser and
 * the posology test as helpers), then per item the drug recognition (candidates, ambiguity), the
 * posology structuring in the context of the recognised drug, the printed route, renewals, and a
 * line reliability that is `high` only when nothing is doubtful. Problems are issues, not throws.
 */
import { detectDrug, recognizeDrug, type DrugIndex } from '../../drugs/index.js';
import type { Specialty } from '../../drugs/types.js';
import { layoutPrescription, type LayoutHelpers } from '../layout/index.js';
import { parsePosology, looksLikePosology } from '../posology/index.js';
import type {
  ExtractedDrug,
  ExtractedLine,
  Issue,
  PageText,
  PosologyResult,
  PrescriptionItem,
  ReadResult,
} from '../types.js';
import { lineReliability, lowest } from './reliability.js';
import { routeFromOcrText, routeFromText, routeKey } from './route.js';

/** What extraction needs: the drug index (from `loadDrugIndex`). */
export interface ReadDeps {
  drugs: DrugIndex;
}

/** Score of `detectDrug` from which a line starting with a drug opens an item without other cue. */
const DRUG_START_SCORE = 0.9;
/**
 * OCR confidence (0..100) of a word holding a digit under which the line is flagged: a misread digit
 * changes a dose however sure the rest of the line is.
 */
const OCR_DIGIT_DOUBT = 60;
/** Recogniser score a drug name read with two of its pieces joined must reach to be kept. */
const REJOINED_MIN_SCORE = 0.6;
/** Score of `looksLikePosology` from which a line reads as a dosage continuation. */
const POSOLOGY_LINE_SCORE = 0.5;

function layoutHelpers(index: DrugIndex): LayoutHelpers {
  return {
    drugHint: (text) => {
      const d = detectDrug(index, text);
      if (!d.span || !d.startsWithDrug) return null;
      return { end: d.span.end, confident: d.score >= DRUG_START_SCORE };
    },
    looksLikePosology: (text) => looksLikePosology(text) >= POSOLOGY_LINE_SCORE,
  };
}

function extractDrug(index: DrugIndex, item: PrescriptionItem): ExtractedDrug {
  // the dosage is given too: its unit ("1 sachet") tells the form when the drug text does not
  const withDosage = (drug: string): string =>
    item.posologyText === '' ? drug : `${drug} ${item.posologyText}`;
  let rec = recognizeDrug(index, withDosage(item.drugText));
  let rejoined = false;
  // a name the OCR split in two ("Mi tazapine", "Am oxicilline"): tried again with the pieces joined
  // when the reading is not sure, kept if it matches better, and never as sure
  if (rec.reliability !== 'high') {
    for (const joined of rejoinings(item.drugText)) {
      const again = recognizeDrug(index, withDosage(joined));
      const score = again.candidates[0]?.score ?? 0;
      if (score >= REJOINED_MIN_SCORE && score > (rec.candidates[0]?.score ?? 0)) {
        rec = again;
        rejoined = true;
      }
    }
  }
  const [chosen, ...alternatives] = rec.candidates;
  return {
    chosen: chosen ?? null,
    alternatives,
    ambiguous: rec.ambiguous,
    strength: rec.strength,
    reliability: !chosen ? 'low' : rejoined ? lowest(rec.reliability, 'medium') : rec.reliability,
  };
}

/** The drug text with one short piece joined to the word next to it: "Mi tazapine" → "Mitazapine". */
function rejoinings(text: string): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length && out.length < 4; i++) {
    const a = words[i] ?? '';
    const b = words[i + 1] ?? '';
    if (/^\p{L}+$/u.test(a) && /^\p{L}+$/u.test(b) && Math.min(a.length, b.length) <= 3) {
      out.push([...words.slice(0, i), `${a}${b}`, ...words.slice(i + 2)].join(' '));
    }
  }
  return out;
}

function drugIssues(drug: ExtractedDrug): Issue[] {
  const issues: Issue[] = [];
  const s: Specialty | undefined = drug.chosen?.specialty;
  if (!s) {
    issues.push({
      severity: 'error',
      code: 'drug-not-found',
      message: 'No drug of the database matches this line.',
      field: 'drug',
    });
    return issues;
  }
  if (drug.reliability !== 'high' && drug.ambiguous) {
    issues.push({
      severity: 'warning',
      code: 'drug-ambiguous',
      message: 'Several specialties fit the printed drug; check the one chosen.',
      field: 'drug',
    });
  } else if (drug.reliability !== 'high') {
    issues.push({
      severity: 'warning',
      code: 'drug-uncertain',
      message: 'The drug was recognised with doubt; check it.',
      field: 'drug',
    });
  }
  if (!s.marketed) {
    issues.push({
      severity: 'warning',
      code: 'drug-not-marketed',
      message: 'This specialty is no longer marketed.',
      field: 'drug',
    });
  }
  return issues;
}

function extractLine(index: DrugIndex, item: PrescriptionItem): ExtractedLine {
  const drug = extractDrug(index, item);
  const s = drug.chosen?.specialty;
  const routes = (s?.routes ?? []).map(routeKey).filter((r): r is string => r !== null);
  const posology: PosologyResult = parsePosology(item.posologyText, {
    drug: item.drugText,
    ...(s ? { formFamily: s.formFamily, routes } : {}),
  });
  const issues = [...drugIssues(drug), ...posology.issues];
  if (item.posologyText.trim() === '') {
    issues.push({
      severity: 'error',
      code: 'posology-missing',
      message: 'No dosage was read for this drug.',
      field: 'dosage',
    });
  }
  let dosages = posology.dosages;
  if (item.routeText) {
    const route = routeFromText(item.routeText);
    const repaired = route ? null : routeFromOcrText(item.routeText);
    if (route) dosages = dosages.map((d) => ({ ...d, route }));
    else if (repaired) {
      dosages = dosages.map((d) => ({ ...d, route: repaired }));
      issues.push({
        severity: 'warning',
        code: 'route-ocr-repair',
        message: `The printed route "${item.routeText}" was read through a likely OCR confusion.`,
        field: 'route',
        details: [item.routeText],
      });
    } else {
      issues.push({
        severity: 'warning',
        code: 'route-unreadable',
        message: `The printed route "${item.routeText}" was not understood.`,
        field: 'route',
        details: [item.routeText],
      });
    }
  }
  if (item.digitConfidence !== undefined && item.digitConfidence < OCR_DIGIT_DOUBT) {
    issues.push({
      severity: 'warning',
      code: 'ocr-digit-doubt',
      message: 'A number of this line was read with low OCR confidence; check the strength and the doses.',
      field: 'text',
    });
  }
  if (item.unjoinedText !== undefined) {
    issues.push({
      severity: 'warning',
      code: 'layout-unjoined-line',
      message: 'A line printed just under this one was not read as part of it; check the dosage is complete.',
      field: 'dosage',
    });
  }
  if (!item.routeText && item.routeExpected) {
    issues.push({
      severity: 'warning',
      code: 'route-not-read',
      message: 'The route column of this line could not be read.',
      field: 'route',
    });
  }
  const reliability = lineReliability({
    drug: drug.chosen ? drug.reliability : null,
    posology: posology.reliability,
    hasDosage: dosages.length > 0,
    ocrConfidence: item.ocrConfidence,
    issues,
  });
  return {
    ...item,
    drug,
    dosages,
    renewals: posology.renewals,
    posologyReliability: posology.reliability,
    reliability,
    issues,
  };
}

/** Keeps an item that names no known drug only when it still reads like one (a printed strength). */
function isDrugItem(line: ExtractedLine): boolean {
  return line.drug.chosen !== null || /\d\s*(mg|g|µg|μg|ug|ui|ul|ml|%)(?![\p{L}\d])/iu.test(line.drugText);
}

/**
 * Reads a prescription from its pages of text.
 * @param deps - the drug index
 * @param pages - pages from OCR or a PDF text layer, in order
 * @returns header, extracted lines (with reliability and issues), the read text and page sizes
 */
export function readPrescription(deps: ReadDeps, pages: PageText[]): ReadResult {
  const layout = layoutPrescription(pages, layoutHelpers(deps.drugs));
  const lines = layout.items
    .map((item) => extractLine(deps.drugs, item))
    .filter(isDrugItem)
    .map((line, i) => ({ ...line, index: i + 1 }));
  const issues: Issue[] = pages.flatMap((p) => p.issues);
  if (lines.length === 0) {
    issues.push({
      severity: 'warning',
      code: 'no-drug-line',
      message: 'No prescription line was found in the document.',
    });
  }
  return {
    header: layout.header,
    lines,
    text: layout.lines.map((l) => ({ page: l.page, text: l.text, box: l.box })),
    pages: pages.map((p) => ({ page: p.page, width: p.width, height: p.height, source: p.source })),
    issues,
  };
}
