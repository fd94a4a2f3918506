/**
 * @module Pure builder from parsed BDPM records to `Specialty` objects: brand and strength from the
 * dénomination, substances from CIS_COMPO (FT preferred to SA), ATC (CIS_MITM first, then the ANS
 * referential), generic group, form family, and EDQM codes for forms and routes where one exists
 * (exact BDPM label, else the label without its trailing qualifiers: "comprimé pelliculé sécable" →
 * "comprimé pelliculé").
 */
import type { BdpmSnapshot, CompoRecord, EdqmRecord } from './bdpm/records.js';
import { foldText } from './fold.js';
import { formFamilyOf } from './forms.js';
import { findStrengths } from './strength.js';
import type { CodedConcept, Specialty, Substance } from './types.js';

/** FHIR system of EDQM Standard Terms. */
export const EDQM_SYSTEM = 'http://standardterms.edqm.eu';

function edqmLookup(records: EdqmRecord[]): (label: string) => CodedConcept | null {
  const byLabel = new Map(records.map((r) => [foldText(r.label).replace(/\s+/g, ' '), r]));
  const cache = new Map<string, CodedConcept | null>();
  return (label) => {
    const cached = cache.get(label);
    if (cached !== undefined) return cached;
    const found = lookup(label);
    cache.set(label, found);
    return found;
  };
  function lookup(label: string): CodedConcept | null {
    let words = foldText(label).replace(/\s+/g, ' ').trim().split(' ');
    while (words.length > 0) {
      const r = byLabel.get(words.join(' '));
      if (r !== undefined) return { system: EDQM_SYSTEM, code: r.code, display: r.display };
      words = words.slice(0, -1);
    }
    return null;
  }
}

/** Splits a dénomination into its name part (before the first ", ") and form part. */
export function splitDenomination(denomination: string): { namePart: string; formPart: string } {
  const i = denomination.indexOf(', ');
  return i < 0
    ? { namePart: denomination, formPart: '' }
    : { namePart: denomination.slice(0, i), formPart: denomination.slice(i + 2) };
}

/**
 * The brand of a dénomination name part: the words before the strength, without "LP"/"L.P.".
 * @param namePart - dénomination before the first comma
 */
export function brandOf(namePart: string): string {
  const folded = foldText(namePart);
  const strength = findStrengths(folded)[0];
  const digit = /(^|\s)\d/.exec(namePart);
  let end = namePart.length;
  if (strength !== undefined) end = strength.start;
  else if (digit !== null) end = digit.index;
  return namePart
    .slice(0, end)
    .replace(/\b(L\.?\s?P\.?|LP)\s*$/i, '')
    .replace(/[\s,/-]+$/, '')
    .trim();
}

function substancesOf(rows: CompoRecord[]): Substance[] {
  const links = new Map<string, CompoRecord>();
  for (const r of rows) {
    const key = `${r.element}|${r.link}`;
    const prev = links.get(key);
    if (prev === undefined || (prev.nature === 'SA' && r.nature === 'FT')) links.set(key, r);
  }
  const seen = new Set<string>();
  const out: Substance[] = [];
  for (const r of links.values()) {
    if (seen.has(r.substanceCode)) continue;
    seen.add(r.substanceCode);
    out.push({
      code: r.substanceCode,
      name: r.substanceName,
      strength: r.dosage === '' ? null : r.dosage,
      reference: r.reference === '' ? null : r.reference,
    });
  }
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list === undefined) out.set(k, [it]);
    else list.push(it);
  }
  return out;
}

/**
 * Builds the specialties of a BDPM snapshot.
 * @param snap - parsed BDPM records and the shipped ATC/EDQM tables
 */
export function buildSpecialties(snap: BdpmSnapshot): Specialty[] {
  const compo = groupBy(snap.compositions, (r) => r.cis);
  const atc = new Map<string, string>();
  for (const r of snap.atcAns) atc.set(r.cis, r.atc);
  for (const r of snap.atcMitm) atc.set(r.cis, r.atc);
  const generic = new Map(snap.generics.map((g) => [g.cis, g]));
  const formEdqm = edqmLookup(snap.formsEdqm);
  const routeEdqm = edqmLookup(snap.routesEdqm);
  return snap.specialties.map((s) => {
    const { namePart, formPart } = splitDenomination(s.denomination);
    const foldedForm = foldText(`${s.form} ${formPart}`);
    const strength = findStrengths(foldText(namePart))[0];
    return {
      cis: s.cis,
      name: s.denomination,
      brand: brandOf(namePart),
      substances: substancesOf(compo.get(s.cis) ?? []),
      form: s.form,
      formFamily: formFamilyOf(foldedForm),
      formEdqm: formEdqm(s.form),
      routes: s.routes,
      routesEdqm: s.routes.map(routeEdqm).filter((c): c is CodedConcept => c !== null),
      atc: atc.get(s.cis) ?? null,
      marketed: s.marketed,
      modifiedRelease: /lib[eé]ration (prolong|modifi)/i.test(s.form) || /\bL\.?\s?P\.?(\s|$)/.test(namePart),
      strength: strength?.text ?? null,
      genericGroup: generic.get(s.cis)?.groupLabel ?? null,
    };
  });
}
