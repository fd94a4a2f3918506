import { describeOcrEngineConformance } from './engine-conformance.js';
import { createTesseractEngine } from './tesseract.js';

// The real engine, offline, on text rendered in the test: one worker keeps CI light.
describeOcrEngineConformance('tesseract', () => createTesseractEngine({ workers: 1 }));
