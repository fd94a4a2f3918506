/**
 * @module Substance (INN/DCI) names: BDPM writes salts and hydrates ("CHLORHYDRATE DE SERTRALINE",
 * "AMOXICILLINE TRIHYDRATÉE", "LOSARTAN POTASSIQUE"); prescriptions print the moiety ("Sertraline").
 * `substanceWords` keeps the words that name the moiety.
 */
import { foldText, skeleton } from './fold.js';

/** Salt, hydrate and form words dropped from BDPM substance names (folded). */
const SALT_WORDS = new Set(
  (
    'chlorhydrate dichlorhydrate hydrochlorure bromhydrate sulfate hydrogenosulfate maleate hydrogenomaleate ' +
    'fumarate hemifumarate succinate tartrate bitartrate hydrogenotartrate mesilate mesylate besilate ' +
    'besylate tosilate citrate acetate phosphate diphosphate sodique disodique potassique calcique ' +
    'magnesique monohydrate monohydratee dihydrate dihydratee trihydrate trihydratee hemihydrate ' +
    'hemihydratee sesquihydrate sesquihydratee tetrahydrate hexahydrate heptahydrate hydrate hydratee ' +
    'anhydre base de d du sel erbumine arginine tert butylamine lysinate dipropionate propionate ' +
    'valerate furoate pivalate enantate decanoate oleate palmitate stearate gluconate lactate ' +
    'nitrate oxalate napadisilate embonate pamoate xinafoate bromure iodure sodium potassium calcium ' +
    'magnesium amorphe micronise microcristalline forme exprimee en equivalent sous'
  ).split(' '),
);

/** Salt words as OCR skeletons, so that "PH0SPHATE" is still a salt word. */
const SALT_SKELETONS = new Set([...SALT_WORDS].map(skeleton));

/**
 * The moiety words of a substance name, folded, salts dropped ("CHLORHYDRATE DE SERTRALINE" →
 * ["sertraline"]). Keeps the full name when every word is a salt word ("CHLORURE DE SODIUM").
 * @param name - substance name as in BDPM or as printed
 */
export function substanceWords(name: string): string[] {
  let words = memo.get(name);
  if (words === undefined) {
    if (memo.size > 20_000) memo.clear();
    words = computeSubstanceWords(name);
    memo.set(name, words);
  }
  return words;
}

const memo = new Map<string, string[]>();

function computeSubstanceWords(name: string): string[] {
  const words = foldText(name)
    .replace(/\(.*?\)/g, ' ')
    .split(/[^a-z0-9|]+/)
    .filter((w) => w.length > 0);
  // single letters ("L-ARGININE", "VITAMINE B") carry no weight and are what OCR damages most
  const kept = words.filter((w) => !SALT_SKELETONS.has(skeleton(w)) && w.length > 1);
  return kept.length > 0 ? kept : words.filter((w) => w !== 'de' && w !== 'd' && w.length > 1);
}
