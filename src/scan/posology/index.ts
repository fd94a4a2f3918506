/**
 * @module Posology engine: French dosage text → FHIR R4 Dosage (see parse-posology.ts), and a cheap score of
 * how much a text looks like a dosage (for the layout stage).
 */
export { parsePosology } from './parse-posology.js';
export { looksLikePosology } from './looks-like-posology.js';
