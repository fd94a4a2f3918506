/**
 * @module Posology rules for timing: frequencies, intervals, days of the week, clock times, time slots and meals.
 */
import { rule } from '../matcher.js';
import { addDose, addSlots, flag, setFrequency, type SegmentState, type When } from '../segment-state.js';
import { clock, each, freq, nums, periodOf, slot, timeOf, unitOf, type R } from './helpers.js';

export const frequencyRules: R[] = [
  ...each(['#n fois|x|f par|/', '#n fois|x|f dans la|le', 'x #n par|/', '#n / #p'], '#p', (s, c) => {
    const p = periodOf(c)!;
    setFrequency(s, freq(nums(c)[0]!, p.v, p.unit));
  }),
  ...each(['x #n', '#n fois|x'], '', (s, c) => {
    setFrequency(s, freq(nums(c)[0]!, 1, 'd'));
    flag(
      s,
      'warning',
      'timing',
      'posology-period-assumed',
      'The period of the frequency is not printed; per day assumed.',
    );
  }),
  ...each(['#n prise|prises par|/'], '#p', (s, c) => {
    const p = periodOf(c)!;
    setFrequency(s, freq(nums(c)[0]!, p.v, p.unit));
  }),
  rule('en #n prise|prises', (s, c) => {
    s.splitInto = nums(c)[0]!;
  }),
  ...each(
    [
      'en prise|dose unique',
      'prise|dose unique',
      'en #n prise|dose unique',
      'en #n seule prise|fois',
      'en #n seule et unique prise',
      '#n seule fois',
    ],
    '',
    (s, c) => {
      if (nums(c).some((n) => n !== 1)) return;
      s.singleDose = true;
    },
  ),
  rule('par|/ #p', (s, c) => {
    const p = periodOf(c)!;
    if (!s.freq) s.freq = freq(1, p.v, p.unit);
  }),
  ...each(
    ['chaque jour', 'tous les jours', 'quotidien', 'quotidienne', 'quotidiennement', 'journalier'],
    '',
    (s) => void (s.freq ??= freq(1, 1, 'd')),
  ),
  ...each(
    ['chaque semaine', 'toutes les semaines', 'hebdomadaire'],
    '',
    (s) => void (s.freq ??= freq(1, 1, 'wk')),
  ),
  ...each(
    ['chaque mois', 'tous les mois', 'mensuel', 'mensuelle'],
    '',
    (s) => void (s.freq ??= freq(1, 1, 'mo')),
  ),
  ...each(['toutes|tous les', 'chaque'], '#n #t', (s, c) =>
    setFrequency(s, freq(1, nums(c)[0]!, timeOf(c)!)),
  ),
  ...each(['toutes|tous les #n a|ou #n #t'], '', (s, c) => {
    const [lo = 1, hi = 1] = nums(c);
    setFrequency(s, { ...freq(1, lo, timeOf(c)!), periodMax: hi });
    flag(s, 'warning', 'timing', 'posology-interval-range', 'The interval is a range.');
  }),
  rule('#n #u et demi|demie', (s, c) => addDose(s, nums(c)[0]! + 0.5, unitOf(c))),
  ...each(['#n jour|j|jours sur', '#n j|jour|jours /'], '#n', (s, c) => {
    const [a = 1, b = 1] = nums(c);
    setFrequency(s, freq(a, b, 'd'));
    // "21 jours sur 28" is a cycle (daily, then a pause), not an even frequency
    if (a > 1) {
      flag(s, 'warning', 'timing', 'posology-cycle', 'A treatment cycle with pauses is not structured.');
    }
  }),
  ...each(['#n semaine|semaines|sem|mois sur', '#n semaine|semaines|sem|mois /'], '#n', (s) =>
    flag(s, 'warning', 'timing', 'posology-cycle', 'A treatment cycle with pauses is not structured.'),
  ),
  ...each(['du #d au', 'de #d a', 'du #d a'], '#d', (s, c) => {
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const [a = 0, b = 0] = c.map((x) => days.indexOf(x.v as string));
    for (let i = a; ; i = (i + 1) % 7) {
      s.dayOfWeek.push(days[i]!);
      if (i === b || s.dayOfWeek.length >= 7) break;
    }
  }),
  ...each(['tous les', 'chaque'], '#d', (s, c) => void s.dayOfWeek.push(c[0]!.v as string)),
  ...each(['sauf le|les?', 'excepte le|les?', 'sauf'], '#d', (s, c) => {
    const skip = c[0]!.v as string;
    s.dayOfWeek = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].filter(
      (d) => d !== skip && !s.dayOfWeek.includes(d),
    );
  }),
  rule('#d', (s, c) => {
    s.dayOfWeek.push(c[0]!.v as string);
  }),
  ...each(['a #n h #n?', 'vers #n h #n?', '#n h #n'], '', (s, c) => {
    const [h = 0, m = 0] = nums(c);
    if (h <= 24 && m < 60) s.timeOfDay.push(clock(h, m));
    else flag(s, 'error', 'timing', 'posology-bad-clock', 'A clock time could not be read.');
  }),
];

const MEALS: Record<string, 'M' | 'D' | 'V'> = { petit: 'M', dejeuner: 'D', diner: 'V', souper: 'V' };
const mealSlot = (rel: '' | 'A' | 'P', meal: 'M' | 'D' | 'V'): When =>
  `${rel === '' ? 'C' : `${rel}C`}${meal}` as When;

export const whenRules: R[] = [
  ...each(
    ['matin', 'le matin', 'chaque matin', 'tous les matins', 'au lever', 'le matin au lever'],
    '',
    slot('MORN'),
  ),
  ...each(['au reveil', 'le matin au reveil', 'des le reveil'], '', slot('WAKE')),
  ...each(['midi', 'a midi', 'le midi', 'chaque midi', 'tous les midis'], '', slot('NOON')),
  ...each(["l' apres midi", 'apres midi', "dans l' apres midi", "en milieu d' apres midi"], '', slot('AFT')),
  ...each(['soir', 'le soir', 'chaque soir', 'tous les soirs', 'au soir'], '', slot('EVE')),
  ...each(['la nuit', 'nuit', 'dans la nuit'], '', slot('NIGHT')),
  ...each(
    [
      'coucher',
      'au coucher',
      'le soir au coucher',
      'soir au coucher',
      'avant le coucher',
      'au moment du coucher',
      'avant de dormir',
      'le soir avant le coucher',
    ],
    '',
    slot('HS'),
  ),
  rule('a jeun', (s) => void (s.fasting = true)),
  // Meals named one by one: "au petit-déjeuner" (CM), "avant le dîner" (ACV)…
  ...(['', 'A', 'P'] as const).flatMap((rel) => {
    const lead =
      rel === ''
        ? ['au', 'pendant le', 'au cours du', 'lors du', 'avec le']
        : rel === 'A'
          ? ['avant le']
          : ['apres le'];
    return lead.flatMap((l) =>
      Object.entries(MEALS).map(([w, m]) =>
        rule<SegmentState>(`${l} ${w === 'petit' ? 'petit dejeuner' : w}`, (s) =>
          addSlots(s, [mealSlot(rel, m)]),
        ),
      ),
    );
  }),
  ...each(
    [
      'au cours des|du repas',
      'pendant les|le repas',
      'au moment des|du repas',
      'aux repas',
      'au repas',
      'avec les|le repas',
      'lors des|du repas',
      'en mangeant',
      'au milieu du|des repas',
      'en fin de repas',
    ],
    '',
    (s) => void (s.mealRel = 'C'),
  ),
  ...each(['avant les|le repas', 'avant repas'], '', (s) => void (s.mealRel = 'AC')),
  ...each(['apres les|le repas', 'apres repas'], '', (s) => void (s.mealRel = 'PC')),
  ...['avant le coucher', 'avant de se coucher', 'avant de dormir'].map((what) =>
    rule<SegmentState>(`#n min|minutes|mn|h|heure|heures ${what}`, (s, c, text) => {
      s.offsetMin = nums(c)[0]! * (/ (h|heure|heures) /.test(text) ? 60 : 1);
      addSlots(s, ['HS']);
    }),
  ),
  ...['apres les repas', 'apres le repas'].map((what) =>
    rule<SegmentState>(`#n min|minutes|mn|h|heure|heures ${what}`, (s, c, text) => {
      s.offsetMin = nums(c)[0]! * (/ (h|heure|heures) /.test(text) ? 60 : 1);
      s.mealRel = 'PC';
    }),
  ),
  // "30 minutes avant le repas / le petit-déjeuner": before-meal code plus an offset in minutes
  ...['les repas', 'le repas', 'le petit dejeuner', 'le dejeuner', 'le diner'].map((meal) =>
    rule<SegmentState>(`#n min|minutes|mn|h|heure|heures avant ${meal}`, (s, c, text) => {
      s.offsetMin = nums(c)[0]! * (/ (h|heure|heures) /.test(text) ? 60 : 1);
      if (meal.endsWith('repas')) s.mealRel = 'AC';
      else addSlots(s, [meal.includes('petit') ? 'ACM' : meal.endsWith(' dejeuner') ? 'ACD' : 'ACV']);
    }),
  ),
  ...each(
    [
      'a chaque repas',
      'a tous les repas',
      'aux #n repas',
      'pendant chaque repas',
      'au cours de chaque repas',
    ],
    '',
    (s) => addSlots(s, ['CM', 'CD', 'CV']),
  ),
  ...each(['avant chaque repas'], '', (s) => {
    s.mealRel = 'AC';
    setFrequency(s, freq(3, 1, 'd'));
  }),
  ...each(['apres chaque repas'], '', (s) => {
    s.mealRel = 'PC';
    setFrequency(s, freq(3, 1, 'd'));
  }),
];
