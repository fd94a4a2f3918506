/**
 * @module Small helpers shared by the posology rule files: reading captures, declaring one rule per prefix,
 * time-slot and frequency builders.
 */
import type { UnitKey } from '../lexicon.js';
import { rule, type Capture, type Rule, type TimeUnit } from '../matcher.js';
import { addSlots, type Frequency, type SegmentState, type When } from '../segment-state.js';

export type R = Rule<SegmentState>;

export const nums = (caps: Capture[]): number[] => caps.flatMap((c) => (c.k === 'n' ? [c.v] : []));
export const unitOf = (caps: Capture[]): UnitKey | undefined => caps.find((c) => c.k === 'u')?.v;
export const timeOf = (caps: Capture[]): TimeUnit | undefined => caps.find((c) => c.k === 't')?.v;
export const periodOf = (caps: Capture[]): { v: number; unit: TimeUnit } | undefined => {
  const p = caps.find((c) => c.k === 'p');
  return p?.k === 'p' ? { v: p.v, unit: p.unit } : undefined;
};
export const noteOcr = (s: SegmentState, caps: Capture[]): void => {
  if (caps.some((c) => c.k === 'n' && c.ocr)) s.ocr = true;
};

/** Builds one rule per prefix phrase: `each(['sans depasser', 'max'], '#n #u? par #p', f)`. */
export function each(prefixes: string[], rest: string, apply: R['apply']): R[] {
  return prefixes.map((p) => rule<SegmentState>(rest ? `${p} ${rest}` : p, apply));
}

export const clock = (h: number, m: number): string =>
  `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;

export const slot =
  (...w: When[]): R['apply'] =>
  (s) =>
    addSlots(s, w);

export const freq = (frequency: number, period: number, periodUnit: TimeUnit): Frequency => ({
  frequency,
  period,
  periodUnit,
});
