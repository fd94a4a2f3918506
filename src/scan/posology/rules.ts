/**
 * @module The French posology phrase rules, gathered from one file per FHIR target (rules/*.ts): each pattern
 * (see `matcher.ts`) and what it means for the step. Phrases follow the project lexicon
 * (shared/data/posology_lexicon_fr) and usual French prescription wording; nothing is tuned to a single
 * prescription.
 */
import { DAY_WORDS, TIME_WORDS, UNIT_WORDS } from './lexicon.js';
import { indexRules, type RuleIndex } from './matcher.js';
import { buildRepairIndex, type RepairIndex } from './ocr-repair.js';
import type { SegmentState } from './segment-state.js';
import { asNeededRules, maxRules } from './rules/as-needed.js';
import { doseRules } from './rules/dose.js';
import { durationRules, renewalRules } from './rules/duration.js';
import type { R } from './rules/helpers.js';
import { instructionRules, routeRules } from './rules/route.js';
import { frequencyRules, whenRules } from './rules/timing.js';

const ALL: R[] = [
  ...maxRules,
  ...renewalRules,
  ...durationRules,
  ...frequencyRules,
  ...whenRules,
  ...asNeededRules,
  ...routeRules,
  ...instructionRules,
  ...doseRules,
];

/** Every rule, indexed for the matcher. Order matters only for equal-length matches. */
export const RULES: RuleIndex<SegmentState> = indexRules(ALL);

/** Every word the rules know (5+ letters), indexed for repairing OCR slips in unknown words. */
export const RULE_WORDS: RepairIndex = buildRepairIndex(
  [
    ...ALL.flatMap((r) => r.elements.flatMap((e) => (e.kind === 'words' ? [...e.set] : []))),
    ...UNIT_WORDS.keys(),
    ...TIME_WORDS.keys(),
    ...DAY_WORDS.keys(),
  ].filter((w) => w.length >= 5 && /^[a-z]+$/.test(w)),
);

/** Every word a rule or the lexicon knows, whatever its length (never "repaired"). */
export const KNOWN_WORDS: ReadonlySet<string> = new Set([
  ...ALL.flatMap((r) => r.elements.flatMap((e) => (e.kind === 'words' ? [...e.set] : []))),
  ...UNIT_WORDS.keys(),
  ...TIME_WORDS.keys(),
  ...DAY_WORDS.keys(),
]);

/** Words that carry no meaning of their own between phrases. */
export const FILLERS = new Set([
  'duree',
  'cure',
  ',',
  'et',
  'le',
  'la',
  'les',
  "l'",
  'a',
  'au',
  'aux',
  'de',
  'du',
  'des',
  "d'",
  'en',
  'prendre',
  'traitement',
  'puis',
  'soit',
  'posologie',
  'poso',
  '/',
  '-',
  'dose',
  'doses',
  'prise',
  'prises',
  'chaque',
  'par',
]);
