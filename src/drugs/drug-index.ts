/**
 * @module The in-memory drug index: specialties with their matching keys (brand words, substance
 * set, strength keys, form words), and lookup tables from OCR skeletons to specialties. Built once
 * by a pure function; recognition and search only read it.
 */
import { brandOf, splitDenomination } from './build.js';
import { foldText, skeleton, tokenize } from './fold.js';
import { Vocabulary } from './fuzzy.js';
import { findStrengths } from './strength.js';
import { substanceWords } from './substances.js';
import type { Specialty } from './types.js';

/** A specialty with everything recognition compares. */
export interface IndexedSpecialty {
  id: number;
  specialty: Specialty;
  /** Skeletons of the brand words ("amoxicilline", "arrow", "lab"). */
  brandWords: string[];
  /** Sorted unique skeletons of the substance (moiety) words; "" when unknown. */
  substanceKey: string;
  /** Canonical strength key of the dénomination ("1000mg+125mg"), or null. */
  strengthKey: string | null;
  /** Strength keys from CIS_COMPO (per unit of the reference), used when the dénomination has none. */
  compoStrengthKey: string | null;
  /** Numbers printed in the dénomination's strength, for "DOLIPRANE 1000" without a unit. */
  strengthNumbers: number[];
  /** Folded words of the form label and of the dénomination's form part. */
  formWords: string[];
  /** Skeletons of every word of the dénomination's name part ("kwikpen", "fraise"). */
  nameWords: Set<string>;
  /** Folded dénomination and substance names, for autocomplete. */
  searchWords: string[];
}

export interface DrugIndex {
  entries: IndexedSpecialty[];
  byCis: Map<string, IndexedSpecialty>;
  /** Skeleton of a brand's first word → brands starting with it → entry ids. */
  brandsByFirstWord: Map<string, { words: string[]; ids: number[] }[]>;
  /** Substance key → entry ids. */
  bySubstanceKey: Map<string, number[]>;
  brandVocabulary: Vocabulary;
  substanceVocabulary: Vocabulary;
  /** Form family → preference rank when the form is not printed (0 = tablets). */
  familyRank: Map<string, number>;
  /** Every folded word of a BDPM form label or dénomination form part (to know where a form ends). */
  formVocabulary: Set<string>;
}

/**
 * Which form to prefer when the printed text does not say: oral solid forms first (what community
 * prescriptions mostly are), injectables last.
 */
const FAMILY_PRIOR = [
  'tablet',
  'capsule',
  'sachet',
  'granules',
  'oral-liquid',
  'drop',
  'lyophilisate',
  'ampoule',
  'suppository',
  'cream',
  'eye-drop',
  'inhalation',
  'spray',
  'patch',
  'pen',
  'syringe',
  'solution',
  'injection',
  'other',
];

const words = (folded: string): string[] => tokenize(folded).map((t) => t.text);

function compoKey(s: Specialty): string | null {
  const parts = s.substances.map((x) => x.strength).filter((x): x is string => x !== null);
  if (parts.length === 0) return null;
  return findStrengths(foldText(parts.join(' / ')))[0]?.key ?? null;
}

/**
 * Builds the index from specialties (pure).
 * @param specialties - from `buildSpecialties` or the database
 */
export function buildDrugIndex(specialties: Specialty[]): DrugIndex {
  const index: DrugIndex = {
    entries: [],
    byCis: new Map(),
    brandsByFirstWord: new Map(),
    bySubstanceKey: new Map(),
    brandVocabulary: new Vocabulary(),
    substanceVocabulary: new Vocabulary(),
    formVocabulary: new Set(),
    familyRank: new Map(),
  };
  const brandGroups = new Map<string, { words: string[]; ids: number[] }>();
  for (const specialty of specialties) {
    const { namePart, formPart } = splitDenomination(specialty.name);
    const brand = specialty.brand !== '' ? specialty.brand : brandOf(namePart);
    const brandWords = words(foldText(brand))
      .map(skeleton)
      .filter((w) => w !== '');
    const substanceSkeletons = [
      ...new Set(specialty.substances.flatMap((s) => substanceWords(s.name)).map(skeleton)),
    ].sort();
    const foldedName = foldText(namePart);
    const strength = findStrengths(foldedName)[0];
    const formWords = words(foldText(`${specialty.form} ${formPart}`));
    const entry: IndexedSpecialty = {
      id: index.entries.length,
      specialty,
      brandWords,
      substanceKey: substanceSkeletons.join(' '),
      strengthKey: strength?.key ?? null,
      compoStrengthKey: compoKey(specialty),
      strengthNumbers:
        strength === undefined ? [] : numbersIn(foldedName.slice(strength.start, strength.end)),
      formWords,
      nameWords: new Set([
        ...words(foldedName).map(skeleton),
        ...(strength === undefined ? [] : [compactText(foldedName.slice(strength.start, strength.end))]),
      ]),
      searchWords: [
        ...new Set([
          ...words(foldedName),
          ...formWords,
          ...specialty.substances.flatMap((s) => substanceWords(s.name)),
        ]),
      ],
    };
    index.entries.push(entry);
    index.byCis.set(specialty.cis, entry);
    for (const w of formWords) index.formVocabulary.add(w);
    for (const w of substanceSkeletons) index.substanceVocabulary.add(w);
    if (entry.substanceKey !== '') push(index.bySubstanceKey, entry.substanceKey, entry.id);
    const first = brandWords[0];
    if (first === undefined) continue;
    for (const w of brandWords) index.brandVocabulary.add(w);
    const key = brandWords.join(' ');
    let group = brandGroups.get(key);
    if (group === undefined) {
      group = { words: brandWords, ids: [] };
      brandGroups.set(key, group);
      const list = index.brandsByFirstWord.get(first);
      if (list === undefined) index.brandsByFirstWord.set(first, [group]);
      else list.push(group);
    }
    group.ids.push(entry.id);
  }
  FAMILY_PRIOR.forEach((family, i) => index.familyRank.set(family, i));
  return index;
}

/**
 * The numbers of a strength as printed ("37.5/325"): kept verbatim, so that "37.5" and "37,5"
 * differ, to prefer the dénomination printed exactly as the line when all else is equal.
 * @param folded - folded strength text
 */
export function compactText(folded: string): string {
  return folded.replace(/[a-z|]+[0-9]?/g, '').replace(/[^0-9.,/+]/g, '');
}

function numbersIn(folded: string): number[] {
  return (folded.match(/\d+(?:[ ]\d{3})*(?:[.,]\d+)?/g) ?? []).map((n) =>
    Number(n.replace(/ /g, '').replace(',', '.')),
  );
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [id]);
  else list.push(id);
}

/**
 * The specialty of a CIS code, or null.
 * @param index - the drug index
 * @param cis - 8-digit CIS code
 */
export function findSpecialty(index: DrugIndex, cis: string): Specialty | null {
  return index.byCis.get(cis)?.specialty ?? null;
}
