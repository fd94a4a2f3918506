/**
 * @module The clinician's corrected lines → an engine `ReadResult`, so the FHIR mapper rebuilds the
 * RequestGroup from them exactly as it does from the engine's reading. Reliability after review:
 * a line the clinician edited or added was structured by a human → `high` and the engine's issues
 * are dropped (they stay in the audit trail); a line only acknowledged keeps the engine's
 * reliability and issues (the clinician accepted the engine's structuring as shown).
 */
import type { Specialty } from '../../../drugs/types.js';
import type { ExtractedLine, ReadResult } from '../../../scan/types.js';
import type { AppLine } from './wire.js';

/**
 * @param original - the engine's reading (header, text, pages kept)
 * @param lines - the corrected lines, in order
 * @param specialtyOf - CIS → specialty (the drug index)
 * @returns the reading to map to FHIR
 */
export function toCorrectedRead(
  original: Partial<ReadResult> | null,
  lines: AppLine[],
  specialtyOf: (cis: string) => Specialty | null,
): ReadResult {
  const originals = new Map((original?.lines ?? []).map((l) => [`e${l.index}`, l]));
  const extracted = lines.map((l, i): ExtractedLine => {
    const before = originals.get(l.id);
    const human = l.review === 'edited';
    const specialty = l.drug === null ? null : specialtyOf(l.drug.cis);
    const reliability = human ? 'high' : l.reliability;
    return {
      index: i + 1,
      text:
        l.text !== ''
          ? l.text
          : [l.drugText, ...l.dosages.map((d) => d.text ?? '')].filter((x) => x !== '').join(' '),
      drugText: l.drugText,
      posologyText:
        l.posologyText !== ''
          ? l.posologyText
          : l.dosages
              .map((d) => d.text ?? '')
              .filter((x) => x !== '')
              .join(' puis '),
      routeText: before?.routeText ?? null,
      ald: l.ald,
      boxes: l.boxes,
      ocrConfidence: before?.ocrConfidence ?? 100,
      drug: {
        chosen: specialty === null ? null : { specialty, score: 1 },
        alternatives: [],
        ambiguous: false,
        strength: before?.drug.strength ?? null,
        reliability: human ? 'high' : (before?.drug.reliability ?? l.reliability),
      },
      dosages: l.dosages,
      renewals: l.renewals,
      posologyReliability: human ? 'high' : (before?.posologyReliability ?? l.reliability),
      reliability,
      issues: human ? [] : l.issues,
    };
  });
  return {
    header: original?.header ?? { prescriber: null, patient: null, date: null },
    lines: extracted,
    text: original?.text ?? [],
    pages: original?.pages ?? [],
    issues: original?.issues ?? [],
  };
}
