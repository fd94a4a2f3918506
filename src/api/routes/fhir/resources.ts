/**
 * @module FHIR resources built by the facility endpoint: the CapabilityStatement, searchset Bundles
 * and OperationOutcomes. Pure.
 */
import type { Bundle, CapabilityStatement, OperationOutcome, RequestGroup } from '@medplum/fhirtypes';
import type { ErrorCode } from '../../../errors.js';

/**
 * @param base - the endpoint's base URL
 * @param now - publication date
 */
export function capabilityStatement(base: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    software: { name: 'Ordoscan' },
    implementation: { description: 'Validated prescriptions of one facility (read-only)', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Authorization: Bearer <id_token> from POST /oauth2/token (partner service-account key)',
        },
        resource: [
          {
            type: 'RequestGroup',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              {
                name: 'patient',
                type: 'reference',
                documentation: "The partner's patient id, or Patient/<id>",
              },
              { name: 'subject', type: 'reference', documentation: 'Same as patient' },
              {
                name: 'subject:identifier',
                type: 'token',
                documentation: "The partner's patient id (system|value or value)",
              },
              {
                name: 'authored',
                type: 'date',
                documentation: 'authoredOn, or the validation time when no date was read',
              },
              { name: 'date', type: 'date', documentation: 'Same as authored' },
              { name: '_sort', type: 'string', documentation: 'authored or -authored (default)' },
              { name: '_count', type: 'number', documentation: 'Page size, 1 to 100 (default 20)' },
              { name: '_offset', type: 'number', documentation: 'Paging (follow the next link)' },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * @param base - the endpoint's base URL
 * @param items - the page
 * @param total - matches in all
 * @param links - self and next URLs
 */
export function searchsetBundle(
  base: string,
  items: RequestGroup[],
  total: number,
  links: { self: string; next: string | null },
): Bundle<RequestGroup> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: [
      { relation: 'self', url: links.self },
      ...(links.next !== null ? [{ relation: 'next', url: links.next }] : []),
    ],
    entry: items.map((resource) => ({
      fullUrl: `${base}/RequestGroup/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

const ISSUE_CODE: Readonly<Record<ErrorCode, NonNullable<OperationOutcome['issue']>[number]['code']>> = {
  invalid: 'invalid',
  unauthorized: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  gone: 'deleted',
  'too-large': 'too-costly',
  'unsupported-media': 'not-supported',
  'rate-limited': 'throttled',
  unavailable: 'transient',
  internal: 'exception',
};

/**
 * @param code - the application error code
 * @param message - what went wrong (generic for 5xx)
 */
export function operationOutcome(code: ErrorCode, message: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: code === 'internal' || code === 'unavailable' ? 'fatal' : 'error',
        code: ISSUE_CODE[code],
        diagnostics: message,
      },
    ],
  };
}
