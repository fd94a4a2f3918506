/**
 * @module Types internal to the layout stage: a printed line in reading order, and a row of a
 * hospital-style table (Médicament / Posologie / Durée / Voie) already split into its cells.
 */
import type { Box, OcrWord } from '../types.js';

/** One printed line, in document reading order. */
export interface LayoutLine {
  kind: 'line';
  page: number;
  text: string;
  box: Box;
  words: OcrWord[];
  confidence: number;
}

/** One row of a drug table, its cells joined over the physical lines of the row. */
export interface TableRow {
  kind: 'row';
  page: number;
  drug: string;
  posology: string;
  duration: string;
  route: string;
  /** The table prints a route for its rows (a "Voie" column, or routes read in some rows). */
  routeColumn: boolean;
  /** One box per physical line of the row. */
  boxes: Box[];
  words: OcrWord[];
}

/** What the item segmentation walks over, in reading order. */
export type LayoutBlock = LayoutLine | TableRow;
