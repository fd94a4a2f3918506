/**
 * @module Posology rules for as-needed use ("si douleur", "en cas de crise") and maximum doses ("sans dépasser 3 par jour").
 */
import type { UnitKey } from '../lexicon.js';
import { rule } from '../matcher.js';
import { flag } from '../segment-state.js';
import { each, nums, periodOf, unitOf, type R } from './helpers.js';

const setAsNeeded =
  (generic: boolean): R['apply'] =>
  (s, _c, text) => {
    s.asNeeded = { text: generic ? null : text.replace(/' /g, "'") };
  };

export const asNeededRules: R[] = [
  ...each(
    ['si besoin', 'si necessaire', 'en cas de besoin', 'a la demande', 'sb', 'au besoin', 'si besoin est'],
    '',
    setAsNeeded(true),
  ),
  ...each(
    [
      'si #c',
      "en cas de|d' #c",
      "lors des|de|d' #c",
      'pendant les crises',
      'des les premiers #c',
      'au moment des #c',
    ],
    '',
    setAsNeeded(false),
  ),
];

const MAX_PREFIXES = [
  'sans depasser',
  'ne pas depasser',
  'max',
  'maximum',
  'maxi',
  'au maximum',
  'au max',
  "jusqu' a",
  'pas plus de',
  'sans exceder',
  'dose maximale',
  'dose max',
  'maximum de',
  'max de',
  'dans la limite de',
];

const setMax =
  (perStated: boolean): R['apply'] =>
  (s, c, text) => {
    const p = periodOf(c);
    const unit: UnitKey | 'intake' | undefined = / prises?( |$)/.test(text) ? 'intake' : unitOf(c);
    s.max = { value: nums(c)[0]!, unit, per: p ? { value: p.v, unit: p.unit } : null };
    if (!perStated) {
      flag(s, 'warning', 'maxDose', 'posology-max-period', 'The period of the maximum dose is not printed.');
    }
  };

export const maxRules: R[] = [
  ...each(
    ["jusqu' a", 'au maximum', 'maximum', 'max', 'sans depasser', 'ne pas depasser', 'pas plus de'],
    '#n fois|prises par|/ #p',
    (s, c) => {
      const p = periodOf(c)!;
      s.max = { value: nums(c)[0]!, unit: 'intake', per: { value: p.v, unit: p.unit } };
    },
  ),
  ...each(MAX_PREFIXES, '#n #u? prise|prises? par|/ #p', setMax(true)),
  ...each(MAX_PREFIXES, '#n #u? prise|prises? #p', setMax(true)),
  ...each(MAX_PREFIXES, '#n #u? prise|prises?', setMax(false)),
  rule('#n #u? prise|prises? maximum|max|maxi par|/ #p', setMax(true)),
  rule('#n #u? prise|prises? par|/ #p maximum|max|maxi|au maximum', setMax(true)),
  rule('#n #u? prise|prises? par|/ #p au maximum', setMax(true)),
];
