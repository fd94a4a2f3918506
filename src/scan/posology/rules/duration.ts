/**
 * @module Posology rules for durations ("pendant 7 jours", "QSP 3 mois", "au long cours") and renewals.
 */
import { rule, type TimeUnit } from '../matcher.js';
import { flag, type SegmentState } from '../segment-state.js';
import { clock, each, nums, timeOf, type R } from './helpers.js';

function setDuration(s: SegmentState, value: number, unit: TimeUnit): void {
  if (s.duration && (s.duration.value !== value || s.duration.unit !== unit)) {
    flag(s, 'warning', 'duration', 'posology-duration-conflict', 'Two different durations are given.');
  }
  s.duration = { value, unit };
}

export const durationRules: R[] = [
  ...each(
    ['pendant|pdt|durant les|la|le', 'les|la|le'],
    '#n? premiers|premieres|premiere|premier #t',
    (s, c) => {
      s.duration = { value: nums(c)[0] ?? 1, unit: timeOf(c)! };
      s.firstDays = true;
    },
  ),
  ...each(
    [
      'pendant',
      'pdt',
      'durant',
      'sur',
      'pour',
      'qsp',
      'x',
      'duree',
      'duree de',
      'traitement de',
      'cure de',
      'duree du traitement',
    ],
    '#n #t',
    (s, c) => {
      if (timeOf(c) === 'min') {
        return flag(s, 'warning', 'duration', 'posology-minutes', 'A duration in minutes is unusual.');
      }
      setDuration(s, nums(c)[0]!, timeOf(c)!);
    },
  ),
  rule('#n #t de suite|consecutifs|consecutives', (s, c) => setDuration(s, nums(c)[0]!, timeOf(c)!)),
  rule('#n #t', (s, c) => {
    const [v = 0] = nums(c);
    const unit = timeOf(c)!;
    // "à 8 h et 20 h": a second clock time, not a duration
    if (unit === 'h' && s.timeOfDay.length > 0 && v <= 24) return void s.timeOfDay.push(clock(v, 0));
    if (unit === 'min') {
      return flag(s, 'warning', 'timing', 'posology-minutes', 'A time in minutes could not be placed.');
    }
    // a bare "2 h" is more likely a clock time or a delay than a treatment duration
    if (unit === 'h') {
      flag(s, 'warning', 'duration', 'posology-hours', 'A number of hours could not be placed.');
    }
    setDuration(s, v, unit);
  }),
  // "8h - 12h - 18h", "8 h et 20 h": clock times
  ...each(
    ['#n h ,|et #n h', '#n h ,|et #n h ,|et #n h', '#n h ,|et #n h ,|et #n h ,|et #n h'],
    '',
    (s, c) => {
      for (const h of nums(c)) {
        if (h <= 24) s.timeOfDay.push(clock(h, 0));
        else flag(s, 'error', 'timing', 'posology-bad-clock', 'A clock time could not be read.');
      }
    },
  ),
  ...each(
    ['pendant|pdt|durant|qsp|sur #n a #n #t', 'pendant|pdt|durant|qsp|sur #n #t a #n #t'],
    '',
    (s, c) => {
      const [lo = 0, hi = 0] = nums(c);
      s.duration = { value: lo, high: hi, unit: timeOf(c)! };
      flag(s, 'warning', 'duration', 'posology-duration-range', 'The duration is a range.');
    },
  ),
  ...each(
    [
      'au long cours',
      'traitement au long cours',
      'a vie',
      'en continu',
      'traitement de fond',
      'a poursuivre',
      "jusqu' a nouvel ordre",
      "jusqu' au prochain rendez vous",
      "jusqu' au prochain rdv|controle|consultation",
      'au long court',
    ],
    '',
    (s) => void (s.longTerm = true),
  ),
];

export const renewalRules: R[] = [
  ...each(
    [
      'renouveler',
      'ar',
      'renouvelable',
      'a renouveler',
      'renouv',
      'ren',
      'ar x',
      'renouvelable x',
      'a renouveler x',
    ],
    '#n fois|x?',
    (s, c) => {
      s.renewals = nums(c)[0]!;
    },
  ),
  ...each(['renouveler', 'a renouveler', 'renouvelable', 'ar'], '#n fois|x par|/ an|annee', (s, c) => {
    s.renewals = nums(c)[0]!;
  }),
  ...each(['renouvellement|renouvellements|renouvelable|renouveler ,'], '#n fois|x?', (s, c) => {
    s.renewals = nums(c)[0]!;
  }),
  rule('#n renouvellement|renouvellements', (s, c) => {
    s.renewals = nums(c)[0]!;
  }),
  ...each(
    ['non renouvelable', 'a ne pas renouveler', 'ne pas renouveler', 'nr'],
    '',
    (s) => void (s.renewals = 0),
  ),
  ...each(['a renouveler', 'renouvelable', 'ar'], '', (s) => {
    s.renewals = null;
    flag(s, 'warning', 'renewals', 'posology-renewals-count', 'A renewal is printed without its number.');
  }),
];
