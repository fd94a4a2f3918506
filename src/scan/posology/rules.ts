/**
 * @module The French posology phrase rules: each pattern (see `matcher.ts`) and what it means for the step.
 * Grouped by FHIR target: dose, frequency and intervals, time slots and meals, duration, as-needed,
 * maximum dose, route, renewals and free instructions. Phrases follow the project lexicon
 * (shared/data/posology_lexicon_fr) and usual French prescription wording; nothing here is tuned to a
 * single prescription.
 */
import { DAY_WORDS, TIME_WORDS, UNIT_WORDS, type RouteKey, type UnitKey } from './lexicon.js';
import { buildRepairIndex, type RepairIndex } from './ocr-repair.js';
import { indexRules, rule, type Capture, type Rule, type RuleIndex, type TimeUnit } from './matcher.js';
import { addDose, addSlots, flag, setFrequency, type SegmentState, type When } from './segment-state.js';

type R = Rule<SegmentState>;

const nums = (caps: Capture[]): number[] => caps.flatMap((c) => (c.k === 'n' ? [c.v] : []));
const unitOf = (caps: Capture[]): UnitKey | undefined => caps.find((c) => c.k === 'u')?.v;
const timeOf = (caps: Capture[]): TimeUnit | undefined => caps.find((c) => c.k === 't')?.v;
const periodOf = (caps: Capture[]): { v: number; unit: TimeUnit } | undefined => {
  const p = caps.find((c) => c.k === 'p');
  return p?.k === 'p' ? { v: p.v, unit: p.unit } : undefined;
};
const noteOcr = (s: SegmentState, caps: Capture[]): void => {
  if (caps.some((c) => c.k === 'n' && c.ocr)) s.ocr = true;
};

/** Builds one rule per prefix phrase: `each(['sans depasser', 'max'], '#n #u? par #p', f)`. */
function each(prefixes: string[], rest: string, apply: R['apply']): R[] {
  return prefixes.map((p) => rule<SegmentState>(rest ? `${p} ${rest}` : p, apply));
}

const clock = (h: number, m: number): string =>
  `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;

const slot =
  (...w: When[]): R['apply'] =>
  (s) =>
    addSlots(s, w);

const doseRules: R[] = [
  // "1 cp de 500 mg": the strength restated after the dose
  rule('#n #u de|dose|dosee|a a? #n mg|g|ug|ml|ui|mcg|microgrammes|milligrammes', (s, c) => {
    const u = unitOf(c);
    addDose(s, nums(c)[0]!, u);
  }),
  rule('#n #u #f?', (s, c) => {
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

const freq = (
  frequency: number,
  period: number,
  periodUnit: TimeUnit,
): Parameters<typeof setFrequency>[1] => ({
  frequency,
  period,
  periodUnit,
});

const frequencyRules: R[] = [
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

const whenRules: R[] = [
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

function setDuration(s: SegmentState, value: number, unit: TimeUnit): void {
  if (s.duration && (s.duration.value !== value || s.duration.unit !== unit)) {
    flag(s, 'warning', 'duration', 'posology-duration-conflict', 'Two different durations are given.');
  }
  s.duration = { value, unit };
}

const durationRules: R[] = [
  ...each(['pendant|pdt|durant les|la', 'les|la'], '#n? premiers|premieres|premiere|premier #t', (s, c) => {
    s.duration = { value: nums(c)[0] ?? 1, unit: timeOf(c)! };
  }),
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
      'au long court',
    ],
    '',
    (s) => void (s.longTerm = true),
  ),
];

const setAsNeeded =
  (generic: boolean): R['apply'] =>
  (s, _c, text) => {
    s.asNeeded = { text: generic ? null : text.replace(/' /g, "'") };
  };

const asNeededRules: R[] = [
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

const maxRules: R[] = [
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

const route =
  (r: RouteKey): R['apply'] =>
  (s) => {
    if (s.route && s.route !== r) {
      flag(s, 'error', 'route', 'posology-route-conflict', 'Two different routes are given.');
    }
    s.route = r;
  };

const ROUTES: [RouteKey, string[]][] = [
  [
    'oral',
    [
      'par voie orale',
      'voie orale',
      'per os',
      'par la bouche',
      'en voie orale',
      'vo',
      'po',
      'buvable',
      'buvables',
      'a boire',
    ],
  ],
  [
    'subcutaneous',
    [
      'sc',
      'en sc',
      's / c',
      'sous cutane',
      'sous cutanee',
      'en sous cutane',
      'en sous cutanee',
      'par voie sous cutanee',
      'voie sous cutanee',
      'en injection sous cutanee',
      'sous cut',
    ],
  ],
  [
    'intramuscular',
    [
      'im',
      'en im',
      'intramusculaire',
      'en intramusculaire',
      'par voie intramusculaire',
      'voie intramusculaire',
      'intra musculaire',
    ],
  ],
  [
    'intravenous',
    [
      'iv',
      'ivd',
      'ivl',
      'en iv',
      'en ivl',
      'en ivd',
      'intraveineuse',
      'intraveineux',
      'en intraveineuse',
      'par voie intraveineuse',
      'voie intraveineuse',
      'intraveineuse lente',
      'intraveineuse directe',
      'en perfusion',
      'intra veineuse',
    ],
  ],
  [
    'inhalation',
    [
      'en inhalation',
      'par inhalation',
      'inhale',
      'inhalee',
      'par voie inhalee',
      'voie inhalee',
      'en nebulisation',
      'en aerosol',
    ],
  ],
  [
    'cutaneous',
    [
      'sur la peau',
      'sur les zones atteintes',
      'sur la zone atteinte',
      'sur les zones a traiter',
      'sur la zone a traiter',
      'sur les lesions',
      'sur la lesion',
      'sur la zone douloureuse',
      'en application locale',
      'application locale',
      'en application cutanee',
      'application cutanee',
      'voie cutanee',
      'par voie cutanee',
      'localement',
      'en couche mince',
      'sur la zone',
      'sur les plaques',
      'sur la plaie',
    ],
  ],
  ['transdermal', ['voie transdermique', 'transdermique']],
  ['sublingual', ['sous la langue', 'sublinguale', 'par voie sublinguale', 'en sublingual', 'sl']],
  ['rectal', ['par voie rectale', 'voie rectale', 'intrarectal', 'intrarectale', 'en intrarectal']],
  ['vaginal', ['par voie vaginale', 'voie vaginale', 'intravaginal', 'en intravaginal', 'au fond du vagin']],
  [
    'nasal',
    ['dans chaque narine', 'dans le nez', 'par voie nasale', 'voie nasale', 'en pulverisation nasale'],
  ],
  [
    'ocular',
    [
      'dans chaque oeil',
      "dans l' oeil",
      'dans les yeux',
      "dans l' oeil atteint",
      'voie ophtalmique',
      'en instillation oculaire',
    ],
  ],
];

const routeRules: R[] = [
  ...ROUTES.flatMap(([r, phrases]) => each(phrases, '', route(r))),
  // "sur le visage", "sur les zones infectées": applied on a body surface
  rule("sur la|le|les|l' #c", route('cutaneous')),
  ...each(['iv lente', 'en iv lente', 'iv directe', 'en iv directe'], '', route('intravenous')),
];

const renewalRules: R[] = [
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
  ...each(['non renouvelable', 'a ne pas renouveler', 'ne pas renouveler'], '', (s) => void (s.renewals = 0)),
  ...each(['a renouveler', 'renouvelable', 'ar'], '', (s) => {
    s.renewals = null;
    flag(s, 'warning', 'renewals', 'posology-renewals-count', 'A renewal is printed without its number.');
  }),
];

const instruction = (s: SegmentState, _c: Capture[], text: string): void => {
  s.instructions.push(text.replace(/' /g, "'"));
};

const INSTRUCTIONS = [
  "avec un grand verre d' eau",
  "avec un verre d' eau",
  "avec de l' eau",
  "avec un peu d' eau",
  "a diluer dans un verre d' eau",
  "dans un verre d' eau",
  "dans un grand verre d' eau",
  "dans un demi verre d' eau",
  "a dissoudre dans un verre d' eau",
  "a diluer dans de l' eau",
  'rincer la bouche apres utilisation',
  'rincer la bouche apres usage',
  'rincer la bouche apres chaque utilisation',
  'rincer la bouche',
  'bien agiter avant emploi',
  'agiter le flacon avant emploi',
  'agiter le flacon avant usage',
  'bien agiter le flacon avant emploi',
  'bien agiter le flacon',
  'agiter le flacon',
  'a changer',
  'agiter avant emploi',
  'bien agiter avant usage',
  'agiter avant usage',
  'bien agiter',
  'a avaler sans croquer',
  'a avaler tel quel',
  'a avaler entier',
  'a avaler',
  'sans croquer',
  'sans macher',
  'sans ecraser',
  'a croquer',
  'a sucer',
  'a laisser fondre',
  'a laisser fondre sous la langue',
  'a distance des repas',
  'en dehors des repas',
  'entre les repas',
  'en massage leger',
  'en massant',
  'en massage',
  'sur peau propre et seche',
  'a dissoudre',
  'a diluer',
  'a la meme heure',
  'toujours a la meme heure',
  'a heure fixe',
  "eviter l' exposition au soleil",
  'debout',
  'en position assise',
];

const instructionRules: R[] = [
  ...each(INSTRUCTIONS, '', instruction),
  rule('ne pas #x #x?', (s, c, text) => {
    void c;
    s.instructions.push(text);
  }),
];

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
