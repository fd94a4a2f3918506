/**
 * @module Posology rules for printed routes (EDQM) and free instructions ("ne pas croquer", "avec un grand verre d'eau").
 */
import type { RouteKey } from '../lexicon.js';
import { rule, type Capture } from '../matcher.js';
import { flag, type SegmentState } from '../segment-state.js';
import { each, type R } from './helpers.js';

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
      'locale',
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

export const routeRules: R[] = [
  ...ROUTES.flatMap(([r, phrases]) => each(phrases, '', route(r))),
  // "sur le visage", "sur les zones infectées": applied on a body surface
  rule("sur la|le|les|l' #c", route('cutaneous')),
  ...each(['iv lente', 'en iv lente', 'iv directe', 'en iv directe'], '', route('intravenous')),
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

export const instructionRules: R[] = [
  ...each(INSTRUCTIONS, '', instruction),
  rule('ne pas #x #x?', (s, c, text) => {
    void c;
    s.instructions.push(text);
  }),
];
