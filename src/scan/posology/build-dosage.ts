/**
 * @module Turns the state read for one step into FHIR R4 `Dosage` (https://hl7.org/fhir/R4/dosage.html):
 * concurrent doses become several Dosage with the same `sequence`; slots become `timing.repeat.when`, with the
 * meal relation folded in (matin + au cours du repas → CM); frequency comes from the text, else from the slots;
 * durations go to `boundsDuration`. Every doubt met on the way is added to the step's issues.
 */
import type { Dosage, Quantity } from '@medplum/fhirtypes';
import { PER_KG_UNITS, ROUTE_CODINGS, UCUM, UNIT_CODINGS, type RouteKey, type UnitKey } from './lexicon.js';
import type { TimeUnit } from './matcher.js';
import {
  flag,
  hoursOf,
  type DosePart,
  type Frequency,
  type SegmentState,
  type When,
} from './segment-state.js';

/** What a step may take from outside itself: the previous step ("…puis 2 le soir") and the drug. */
export interface StepContext {
  inheritedUnit?: UnitKey;
  inheritedRoute?: RouteKey;
  contextUnit?: UnitKey;
  /** Routes the drug allows (BDPM), when known. */
  routes?: string[];
}

const TIME_NAMES: Record<TimeUnit, string> = {
  min: 'minute',
  h: 'hour',
  d: 'day',
  wk: 'week',
  mo: 'month',
  a: 'year',
};

const MEAL_OF: Partial<Record<When, 'M' | 'D' | 'V'>> = { MORN: 'M', WAKE: 'M', NOON: 'D', EVE: 'V' };
const MEAL_SLOTS: Record<'M' | 'D' | 'V', When[]> = {
  M: ['CM', 'ACM', 'PCM'],
  D: ['CD', 'ACD', 'PCD'],
  V: ['CV', 'ACV', 'PCV'],
};
const GENERIC: When[] = ['C', 'AC', 'PC'];

function quantity(value: number, unit: UnitKey | undefined): Quantity {
  if (!unit) return { value };
  const c = UNIT_CODINGS[unit];
  return { value, unit: c.display, system: c.system, code: c.code };
}

function timeQuantity(value: number, unit: TimeUnit): Quantity {
  return { value, unit: TIME_NAMES[unit], system: UCUM, code: unit };
}

/** Folds fasting and the meal relation into the slots of one part. */
function finalSlots(s: SegmentState, part: DosePart): When[] {
  let slots = [...part.slots];
  if (s.fasting) {
    if (slots.length === 0) slots = ['ACM'];
    else if (slots.some((w) => MEAL_OF[w] === 'M')) {
      slots = slots.map((w) => (MEAL_OF[w] === 'M' ? 'ACM' : w));
    } else s.instructions.push('à jeun');
  }
  // "le matin au petit-déjeuner": the meal-specific code says it all
  slots = slots.filter((w) => {
    const meal = MEAL_OF[w];
    return !meal || !slots.some((x) => MEAL_SLOTS[meal].includes(x));
  });
  if (s.mealRel) {
    const rel = s.mealRel;
    if (slots.length === 0) return [rel];
    slots = slots.map((w) => {
      const meal = MEAL_OF[w];
      return meal ? (`${rel}${meal}` as When) : w;
    });
  }
  return [...new Set(slots)];
}

interface Step {
  value?: number;
  high?: number;
  unit?: UnitKey;
  when: When[];
}

function sameFreq(a: Frequency, b: Frequency): boolean {
  return a.frequency * b.period * hoursOf(b.periodUnit) === b.frequency * a.period * hoursOf(a.periodUnit);
}

/** Merges parts with the same dose into steps and resolves their units. */
function toSteps(s: SegmentState, ctx: StepContext): Step[] {
  const steps: Step[] = [];
  let prevUnit: UnitKey | undefined;
  let missingUnit = false;
  for (const part of s.parts) {
    const unit = part.unit ?? prevUnit ?? s.labelUnit ?? ctx.inheritedUnit ?? ctx.contextUnit;
    if (part.unit) prevUnit = part.unit;
    if (!unit && part.value !== undefined) missingUnit = true;
    if (part.unit && ctx.contextUnit && part.unit !== ctx.contextUnit && !isMeasure(part.unit)) {
      flag(
        s,
        'warning',
        'dose',
        'posology-unit-form-mismatch',
        'The dose unit does not match the drug form.',
      );
    }
    const when = finalSlots(s, part);
    const same = steps.find((x) => x.value === part.value && x.high === part.high && x.unit === unit);
    if (same && same.when.length > 0 && when.length > 0) {
      for (const w of when) if (!same.when.includes(w)) same.when.push(w);
    } else steps.push({ value: part.value, high: part.high, unit, when });
  }
  if (missingUnit) {
    flag(
      s,
      'warning',
      'dose',
      'posology-unit-missing',
      'The dose unit is not printed and the drug form is unknown.',
    );
  }
  if (steps.some((x) => x.value === undefined)) {
    flag(s, 'error', 'dose', 'posology-no-dose', 'No dose could be read.');
  }
  if (steps.length > 1 && steps.some((x) => x.when.length === 0)) {
    flag(
      s,
      'warning',
      'timing',
      'posology-concurrent-unclear',
      'Several doses are given but not all have a time.',
    );
  }
  return steps;
}

/** EventTiming codes tied to a meal (C, CM, AC, ACV, PC, PCD…). */
const MEAL_WHEN = /^[AP]?C[MDV]?$/;

function isMeasure(u: UnitKey): boolean {
  return u === 'mg' || u === 'g' || u === 'ug' || u === 'ml' || u === 'iu' || PER_KG_UNITS.has(u);
}

/** The frequency of one step, checked against its slots. */
function stepFrequency(s: SegmentState, step: Step, steps: Step[]): Frequency | undefined {
  const concrete = (w: When[]): number => w.filter((x) => !GENERIC.includes(x)).length;
  const total = steps.reduce((n, x) => n + concrete(x.when), 0);
  const own = concrete(step.when);
  if (s.freq) {
    const f = s.freq;
    const daily = f.period === 1 && f.periodUnit === 'd';
    // Per day, the slots must count the intakes; every n days, one slot per intake day; in hours, no slots.
    const clash =
      f.periodUnit === 'h' ||
      (f.periodUnit === 'd' && f.frequency !== total) ||
      (!daily && total > f.frequency);
    if (total > 0 && s.dayOfWeek.length === 0 && clash) {
      flag(
        s,
        'error',
        'timing',
        'posology-timing-conflict',
        'The frequency contradicts the times of intake.',
      );
    }
    if (steps.length > 1 && own > 0 && daily) return { frequency: own, period: 1, periodUnit: 'd' };
    return f;
  }
  if (s.dayOfWeek.length > 0) {
    return { frequency: s.dayOfWeek.length * Math.max(1, own), period: 1, periodUnit: 'wk' };
  }
  if (own > 0) return { frequency: own, period: 1, periodUnit: 'd' };
  if (s.timeOfDay.length > 0) return { frequency: s.timeOfDay.length, period: 1, periodUnit: 'd' };
  // "2 cp le premier jour": one intake on each of those days
  if (s.firstDays && s.duration?.unit === 'd' && !s.asNeeded) {
    return { frequency: 1, period: 1, periodUnit: 'd' };
  }
  return undefined;
}

/**
 * Builds the FHIR Dosage list of one step.
 * @param s - the state read from the step text
 * @param sequence - FHIR `Dosage.sequence`
 * @param text - the step as printed (`Dosage.text`)
 * @param ctx - inherited unit/route and the drug's implicit unit
 */
export function buildDosages(s: SegmentState, sequence: number, text: string, ctx: StepContext): Dosage[] {
  if (s.applyVerb && s.parts.every((p) => p.value === undefined)) {
    if (s.parts.length === 0) s.parts.push({ slots: [], slotFirst: false });
    for (const p of s.parts) {
      p.value = 1;
      p.unit = 'application';
    }
    flag(s, 'warning', 'dose', 'posology-dose-implied', 'No dose is printed; one application is assumed.');
  }
  if (s.parts.length === 0) s.parts.push({ slots: [], slotFirst: false });
  // "3 cp par jour en prise unique": the day's amount in one intake
  if (s.singleDose && s.freq) s.splitInto ??= 1;
  const steps = toSteps(s, ctx);
  if (s.splitInto && steps.length === 1 && steps[0]!.value !== undefined) {
    const n = s.splitInto;
    if (!s.freq || sameFreq(s.freq, { frequency: 1, period: 1, periodUnit: 'd' })) {
      steps[0]!.value = Math.round((steps[0]!.value / n) * 1e6) / 1e6;
      s.freq = { frequency: n, period: 1, periodUnit: 'd' };
      flag(
        s,
        'information',
        'dose',
        'posology-split-daily',
        'The daily amount was divided into the stated intakes.',
      );
    } else if (s.freq.frequency !== n) {
      flag(
        s,
        'error',
        'timing',
        'posology-timing-conflict',
        'The number of intakes contradicts the frequency.',
      );
    }
  }
  const route = s.route ?? ctx.inheritedRoute;
  if (s.route && ctx.routes && ctx.routes.length > 0 && !ctx.routes.includes(s.route)) {
    flag(s, 'warning', 'route', 'posology-route-mismatch', 'The printed route is not a route of this drug.');
  }
  const out: Dosage[] = [];
  for (const step of steps) {
    const d: Dosage = { sequence, text };
    if (s.instructions.length > 0) {
      d.additionalInstruction = [...new Set(s.instructions)].map((t) => ({ text: t }));
    }
    // "1 sachet en prise unique": one intake in all, not one a day
    const once = s.singleDose && !s.freq;
    const f = once ? undefined : stepFrequency(s, step, steps);
    const repeat: NonNullable<NonNullable<Dosage['timing']>['repeat']> = {};
    if (s.duration) {
      if (s.duration.high !== undefined) {
        repeat.boundsRange = {
          low: timeQuantity(s.duration.value, s.duration.unit),
          high: timeQuantity(s.duration.high, s.duration.unit),
        };
      } else repeat.boundsDuration = timeQuantity(s.duration.value, s.duration.unit);
    }
    if (f) Object.assign(repeat, f);
    if (once) repeat.count = 1;
    if (step.when.length > 0) repeat.when = step.when;
    if (s.dayOfWeek.length > 0) {
      repeat.dayOfWeek = [...new Set(s.dayOfWeek)] as NonNullable<typeof repeat.dayOfWeek>;
    }
    if (s.timeOfDay.length > 0) repeat.timeOfDay = [...new Set(s.timeOfDay)];
    if (s.offsetMin !== undefined) repeat.offset = s.offsetMin;
    if (repeat.timeOfDay !== undefined && repeat.when !== undefined) {
      // R4 tim-10: a clock time or an event, not both ("le soir à 20 h"). A meal relation says more
      // than the clock time; a moment of the day says less. Dosage.text keeps both.
      if (repeat.when.some((w) => MEAL_WHEN.test(w))) delete repeat.timeOfDay;
      else {
        delete repeat.when;
        delete repeat.offset; // tim-9: an offset needs its event
      }
    }
    if (Object.keys(repeat).length > 0) d.timing = { repeat };
    if (s.asNeeded) {
      if (s.asNeeded.text) d.asNeededCodeableConcept = { text: s.asNeeded.text };
      else d.asNeededBoolean = true;
    }
    if (route) d.route = { coding: [{ ...ROUTE_CODINGS[route] }] };
    if (step.value !== undefined) {
      d.doseAndRate =
        step.high !== undefined
          ? [{ doseRange: { low: quantity(step.value, step.unit), high: quantity(step.high, step.unit) } }]
          : [{ doseQuantity: quantity(step.value, step.unit) }];
    }
    if (s.max) {
      let { value } = s.max;
      let unit = s.max.unit === 'intake' ? step.unit : (s.max.unit ?? step.unit);
      if (s.max.unit === 'intake') {
        if (step.value === undefined) unit = undefined;
        else value = value * step.value;
      }
      if (!unit) {
        flag(s, 'warning', 'maxDose', 'posology-max-unit', 'The unit of the maximum dose is unknown.');
      }
      const per = s.max.per ?? { value: 1, unit: 'd' as TimeUnit };
      d.maxDosePerPeriod = {
        numerator: quantity(value, unit),
        denominator: timeQuantity(per.value, per.unit),
      };
    }
    if (!f && !s.asNeeded && !once) {
      flag(s, 'warning', 'timing', 'posology-no-frequency', 'No frequency or time of intake could be read.');
    }
    if (!f && s.asNeeded === undefined && step.when.length > 0 && !once) {
      flag(
        s,
        'warning',
        'timing',
        'posology-meal-only',
        'A meal relation is given without the number of intakes.',
      );
    }
    out.push(d);
  }
  return out;
}
