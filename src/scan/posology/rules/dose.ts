/**
 * @module Posology rules for doses: numbers with or without units, ranges, compact slot notations ("1-0-1"), spoons.
 */
import { rule } from '../matcher.js';
import { addDose, flag, type When } from '../segment-state.js';
import { each, nums, noteOcr, unitOf, type R } from './helpers.js';

export const doseRules: R[] = [
  // "1 cp de 500 mg": the strength restated after the dose
  rule('#n #u de|dose|dosee|a a? #n mg|g|ug|ml|ui|mcg|microgrammes|milligrammes', (s, c) => {
    const u = unitOf(c);
    addDose(s, nums(c)[0]!, u);
  }),
  // "1 cp ½", "1 cp et 1/2", "1 cp et demi"
  ...each(['#n #u #f?', '#n #u et #f'], '', (s, c) => {
    noteOcr(s, c);
    const [v = 0, f = 0] = nums(c);
    addDose(s, v + f, unitOf(c));
  }),
  rule('#n', (s, c) => {
    noteOcr(s, c);
    addDose(s, nums(c)[0]!);
  }),
  ...each(['#n a|ou #n #u', '#n ou #n', '#n #u ou #n #u?'], '', (s, c) => {
    const [lo = 0, hi = 0] = nums(c);
    addDose(s, lo, unitOf(c), hi);
    flag(s, 'warning', 'dose', 'posology-dose-range', 'The dose is a range; the clinician must choose.');
  }),
  rule('#u', (s, c) => {
    s.labelUnit = unitOf(c);
  }),
  rule('#s', (s, c) => {
    const v = c[0]?.k === 's' ? c[0].v : [];
    const codes: When[] = v.length === 4 ? ['MORN', 'NOON', 'EVE', 'HS'] : ['MORN', 'NOON', 'EVE'];
    v.forEach((dose, i) => {
      if (dose > 0) {
        s.parts.push({ value: dose, slots: [codes[i]!], slotFirst: false });
      }
    });
    if (v.every((d) => d === 0)) {
      flag(s, 'error', 'dose', 'posology-no-dose', 'The slot notation has no dose.');
    }
  }),
  // Spoons are converted to mL (lexicon: café 5 mL, dessert 10 mL, soupe 15 mL); Dosage.text keeps the wording.
  ...each(['#n cuillere|cuilleres|cuil|c a|de|e cafe|dessert|soupe', '#n cac|cad|cas'], '', (s, c, text) => {
    const ml = /(cafe|cac)$/.test(text) ? 5 : /(dessert|cad)$/.test(text) ? 10 : 15;
    addDose(s, nums(c)[0]! * ml, 'ml');
    flag(s, 'information', 'dose', 'posology-spoon', `A spoon was converted to ${ml} mL.`);
  }),
  ...each(['#n dose|doses poids', '#n dose|doses kg'], '', (s, c) => addDose(s, nums(c)[0]!, 'doseWeight')),
  // A measuring spoon of the box ("cuillère-mesure": the hyphen is a space once tokenized) is a unit of its own.
  ...each(['#n cuillere|cuilleres|cuil mesure|mesures'], '', (s, c) => addDose(s, nums(c)[0]!, 'spoonful')),
  // Form qualifiers printed after the unit ("1 cp LP", "1 cp effervescent") add nothing to the dosage.
  ...each(
    [
      'lp',
      'eff',
      'effervescent',
      'effervescents',
      'secable',
      'secables',
      'orodispersible',
      'orodispersibles',
      'dispersible',
      'pellicule',
      'pellicules',
      'gastroresistant',
      'gastro resistant',
      'lyoc',
      'prerempli',
      'preremplie',
      'a liberation prolongee',
      'molle',
      'molles',
    ],
    '',
    () => undefined,
  ),
  ...each(['appliquer', 'appliquer une fine couche', 'a appliquer'], '', (s) => void (s.applyVerb = true)),
  ...each(
    ['arret', 'arreter', 'arret du traitement', 'stop', 'arreter le traitement'],
    '',
    (s) => void (s.stop = true),
  ),
];
