import type { Medication, MedicationRequest, RequestGroup } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../../test/helpers/partner.js';
import { makePng, multipart, openAppSession, type OpenedSession } from '../../../../test/helpers/scan-app.js';
import { findSpecialty, loadDrugIndex, type DrugIndex } from '../../../drugs/index.js';
import type { ExtractedLine, ReadResult } from '../../../scan/types.js';
import { listChanges } from '../../../store/corrections.js';
import { saveReadResult } from '../../../store/prescriptions.js';
import type { AppLine, PrescriptionView } from './wire.js';

let t: TestApp;
let partner: TestPartner;
let drugs: DrugIndex;

beforeAll(async () => {
  t = await buildTestApp();
  partner = await createTestPartner(t);
  drugs = await loadDrugIndex();
});
afterAll(async () => t.close());

const DOLIPRANE_CP = '60234100';
const DOLIPRANE_GEL = '69309629';
const AMOX = '62457618';

/** An engine line as `readPrescription` returns it. */
function engineLine(index: number, cis: string | null, over: Partial<ExtractedLine> = {}): ExtractedLine {
  const specialty = cis === null ? null : findSpecialty(drugs, cis);
  return {
    index,
    text: `line ${index}`,
    drugText: specialty?.name ?? 'XYZOL 10 mg',
    posologyText: '1 cp matin et soir pendant 7 jours',
    routeText: null,
    ald: false,
    boxes: [{ page: 1, x: 10, y: 20 * index, width: 300, height: 18 }],
    ocrConfidence: 92,
    drug: {
      chosen: specialty === null ? null : { specialty, score: 0.98 },
      alternatives: [],
      ambiguous: false,
      strength: null,
      reliability: 'high',
    },
    dosages: [
      {
        sequence: 1,
        text: '1 cp matin et soir pendant 7 jours',
        timing: {
          repeat: {
            when: ['MORN', 'EVE'],
            boundsDuration: { value: 7, unit: 'jours', system: 'http://unitsofmeasure.org', code: 'd' },
          },
        },
        doseAndRate: [
          {
            doseQuantity: {
              value: 1,
              unit: 'comprimé',
              system: 'http://standardterms.edqm.eu',
              code: '15054000',
            },
          },
        ],
      },
    ],
    renewals: null,
    posologyReliability: 'high',
    reliability: 'high',
    issues: [],
    ...over,
  };
}

/** Opens a session, stages a page, starts reading and stores an engine result as the worker would. */
async function readySession(lines: ExtractedLine[]): Promise<{ s: OpenedSession; view: PrescriptionView }> {
  const s = await openAppSession(t.app, partner);
  const body = multipart([{ name: 'p.png', type: 'image/png', bytes: await makePng() }]);
  await t.app.inject({
    method: 'POST',
    url: '/api/app/pages',
    headers: { ...s.headers, ...body.headers },
    payload: body.payload,
  });
  const id = (
    await t.app.inject({ method: 'POST', url: '/api/app/read', headers: s.headers, payload: {} })
  ).json<{
    prescriptionId: string;
  }>().prescriptionId;
  const read: ReadResult = {
    header: { prescriber: { name: 'Dr Martin', rpps: '10001234567' }, patient: null, date: '2026-11-02' },
    lines,
    text: [],
    pages: [{ page: 1, width: 400, height: 200, source: 'ocr' }],
    issues: [],
  };
  await saveReadResult(t.db, id, {
    readResult: read,
    requestGroup: { resourceType: 'RequestGroup', status: 'draft', intent: 'order' },
    pages: [{ page: 1, mediaType: 'image/png', width: 400, height: 200, bytes: await makePng() }],
  });
  const view = (
    await t.app.inject({ method: 'GET', url: '/api/app/prescription', headers: { cookie: s.cookie } })
  ).json<PrescriptionView>();
  return { s, view };
}

const edit = (cis: string | null, dose: number) => ({
  drugText: 'DOLIPRANE 1000 mg cp',
  cis,
  dosages: [
    {
      sequence: 1,
      text: `${dose} cp le soir`,
      timing: { repeat: { when: ['EVE'] } },
      doseAndRate: [{ doseQuantity: { value: dose, unit: 'comprimé' } }],
    },
  ],
  renewals: 2,
  ald: false,
});

describe('validation screen API', () => {
  it('shows the read lines, flags what the engine doubted, and serves the page image', async () => {
    const { s, view } = await readySession([
      engineLine(1, DOLIPRANE_CP),
      engineLine(2, null, {
        reliability: 'low',
        issues: [{ severity: 'warning', code: 'drug-not-found', message: 'No drug', field: 'drug' }],
      }),
      engineLine(3, DOLIPRANE_CP, {
        reliability: 'medium',
        drug: {
          chosen: { specialty: findSpecialty(drugs, DOLIPRANE_CP)!, score: 0.9 },
          alternatives: [{ specialty: findSpecialty(drugs, DOLIPRANE_GEL)!, score: 0.9 }],
          ambiguous: true,
          strength: '1000 mg',
          reliability: 'medium',
        },
      }),
    ]);
    expect(view.status).toBe('ready');
    expect(view.header).toMatchObject({ prescriber: 'Dr Martin', rpps: '10001234567' });
    expect(view.lines.map((l) => [l.id, l.drug?.cis ?? null, l.review])).toEqual([
      ['e1', DOLIPRANE_CP, 'none'],
      ['e2', null, 'required'],
      ['e3', DOLIPRANE_CP, 'required'],
    ]);
    expect(view.lines[2]!.alternatives.map((a) => a.cis)).toEqual([DOLIPRANE_CP, DOLIPRANE_GEL]);
    const img = await t.app.inject({ method: 'GET', url: view.pages[0]!.url, headers: { cookie: s.cookie } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/app/session',
      headers: { cookie: s.cookie },
    });
    expect(session.json<{ state: string }>().state).toBe('ready');
  });

  it('edits, acknowledges, adds and removes lines, refuses to validate while a line is unchecked, and keeps the audit', async () => {
    const { s, view } = await readySession([
      engineLine(1, DOLIPRANE_CP),
      engineLine(2, null, { reliability: 'low' }),
      engineLine(3, AMOX, { reliability: 'medium' }),
    ]);
    const pid = view.prescriptionId!;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/app/validate',
      headers: s.headers,
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ details: unknown[] }>().details).toHaveLength(2);

    const edited = await t.app.inject({
      method: 'PUT',
      url: '/api/app/lines/e2',
      headers: s.headers,
      payload: edit(DOLIPRANE_CP, 2),
    });
    expect(edited.statusCode).toBe(200);
    const line = edited.json<{ line: AppLine }>().line;
    expect(line).toMatchObject({ review: 'edited', renewals: 2, drug: { cis: DOLIPRANE_CP } });
    expect(line.dosages[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(2);

    const ack = await t.app.inject({
      method: 'POST',
      url: '/api/app/lines/e3/acknowledge',
      headers: s.headers,
      payload: {},
    });
    expect(ack.json<{ line: AppLine }>().line.review).toBe('acknowledged');

    const added = await t.app.inject({
      method: 'POST',
      url: '/api/app/lines',
      headers: s.headers,
      payload: edit(null, 1),
    });
    expect(added.statusCode).toBe(201);
    const addedId = added.json<{ line: AppLine }>().line.id;
    const removed = await t.app.inject({ method: 'DELETE', url: '/api/app/lines/e1', headers: s.headers });
    expect(removed.statusCode).toBe(200);

    const after = (
      await t.app.inject({ method: 'GET', url: '/api/app/prescription', headers: { cookie: s.cookie } })
    ).json<PrescriptionView>();
    expect(after.lines.map((l) => l.id)).toEqual(['e2', 'e3', addedId]);

    const changes = await listChanges(t.db, pid);
    expect(changes.map((c) => [c.action, c.lineId])).toEqual([
      ['read', null],
      ['edit', 'e2'],
      ['acknowledge', 'e3'],
      ['add', addedId],
      ['remove', 'e1'],
    ]);
    expect(changes[1]!.userLabel).toBe(`John Carter (${partner.user.rpps})`);
    expect((changes[1]!.before as AppLine).drug).toBeNull();
    expect((changes[1]!.after as AppLine).drug?.cis).toBe(DOLIPRANE_CP);
  });

  it.each([
    ['an unknown CIS', { ...edit('99999999', 1) }, 400],
    ['a malformed CIS', { ...edit('12', 1) }, 400],
    ['an empty drug text', { ...edit(null, 1), drugText: '' }, 400],
    ['renewals out of range', { ...edit(null, 1), renewals: 99 }, 400],
  ])('refuses an edit with %s', async (_l, payload, status) => {
    const { s } = await readySession([engineLine(1, DOLIPRANE_CP)]);
    const res = await t.app.inject({ method: 'PUT', url: '/api/app/lines/e1', headers: s.headers, payload });
    expect(res.statusCode).toBe(status);
  });

  it('validates: FHIR rebuilt from the corrected lines, status validated, session closed, audit kept', async () => {
    const { s, view } = await readySession([
      engineLine(1, DOLIPRANE_CP),
      engineLine(2, null, { reliability: 'low' }),
    ]);
    const pid = view.prescriptionId!;
    await t.app.inject({
      method: 'PUT',
      url: '/api/app/lines/e2',
      headers: s.headers,
      payload: edit(AMOX, 3),
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/app/validate',
      headers: s.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ prescriptionId: pid, status: 'validated' });

    const row = await t.db.query<{ status: string; request_group: RequestGroup }>(
      'select status, request_group from prescriptions where id = $1',
      [pid],
    );
    expect(row.rows[0]?.status).toBe('validated');
    const rg = row.rows[0]!.request_group;
    expect(rg.resourceType).toBe('RequestGroup');
    const meds = (rg.contained ?? []).filter((r): r is Medication => r.resourceType === 'Medication');
    const cis = meds.map(
      (m) => m.code?.coding?.find((c) => c.system === 'urn:oid:1.2.250.1.213.2.3.1')?.code,
    );
    expect(cis).toEqual([DOLIPRANE_CP, AMOX]);
    const requests = (rg.contained ?? []).filter(
      (r): r is MedicationRequest => r.resourceType === 'MedicationRequest',
    );
    expect(requests[1]?.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(3);
    expect(requests[1]?.dispenseRequest?.numberOfRepeatsAllowed).toBe(2);

    const changes = await listChanges(t.db, pid);
    expect(changes.map((c) => c.action)).toEqual(['read', 'edit', 'validate']);
    const again = await t.app.inject({
      method: 'PUT',
      url: '/api/app/lines/e1',
      headers: s.headers,
      payload: edit(null, 1),
    });
    expect(again.statusCode).toBe(410);
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/app/session',
      headers: { cookie: s.cookie },
    });
    expect(session.json<{ state: string }>().state).toBe('validated');
  });

  it('cancels: the session ends (410 afterwards) and the prescription is cancelled', async () => {
    const { s, view } = await readySession([engineLine(1, DOLIPRANE_CP)]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/app/cancel',
      headers: s.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/app/prescription',
      headers: { cookie: s.cookie },
    });
    expect(after.statusCode).toBe(410);
    const row = await t.db.query<{ status: string }>('select status from prescriptions where id = $1', [
      view.prescriptionId,
    ]);
    expect(row.rows[0]?.status).toBe('cancelled');
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/app/session',
      headers: { cookie: s.cookie },
    });
    expect(session.json<{ state: string }>().state).toBe('cancelled');
  });
});
