import { describeOcrEngineConformance } from './engine-conformance.js';
import { createFakeEngine } from './fake.js';

describeOcrEngineConformance('fake', (rendered) => Promise.resolve(createFakeEngine(rendered)));
