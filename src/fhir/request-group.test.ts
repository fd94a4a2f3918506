import type { Medication, MedicationRequest, Patient, Practitioner, RequestGroup } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { extractedLine } from '../../test/fixtures/extracted-line.js';
import type { ReadResult } from '../scan/types.js';
import { EXT, SYSTEM, toBundle, toRequestGroup } from './index.js';
import { r4Errors } from './r4-validators.test-helper.js';

const line = extractedLine;

const read: ReadResult = {
  header: {
    prescriber: { name: 'Claire MARTIN', rpps: '10101010101' },
    patient: { name: 'Julie DURAND', birthDate: '1960-02-01' },
    date: '2025-03-03',
  },
  lines: [
    line({}),
    line({
      index: 2,
      drugText: 'PRODUIT <INCONNU> & Cie 5 mg',
      posologyText: '1 "gélule" le soir',
      ald: true,
      drug: { chosen: null, alternatives: [], ambiguous: false, strength: '5 mg', reliability: 'low' },
      dosages: [],
      renewals: 2,
      reliability: 'low',
      issues: [{ severity: 'error', code: 'drug-not-found', message: 'No drug', field: 'drug' }],
    }),
  ],
  text: [],
  pages: [{ page: 1, width: 1240, height: 1754, source: 'ocr' }],
  issues: [],
};

const meta = {
  prescriptionId: 'rx-42',
  patientId: 'PAT-001',
  practitioner: { name: 'Dr Scan User', rpps: '10999999999' },
  documentRef: 'DocumentReference/doc-1',
};

function contained<T>(group: RequestGroup, id: string): T {
  const found = group.contained?.find((r) => r.id === id);
  if (!found) throw new Error(`no contained ${id}`);
  return found as T;
}

describe('toRequestGroup', () => {
  const group = toRequestGroup(read, meta);

  it('validates as FHIR R4 with two independent validators, alone and in a Bundle', () => {
    expect(r4Errors(group)).toEqual([]);
    expect(r4Errors(toBundle([group]))).toEqual([]);
  });

  it('has the RequestGroup shape of DESIGN §2', () => {
    expect(group).toMatchObject({
      resourceType: 'RequestGroup',
      status: 'draft',
      intent: 'order',
      identifier: [{ system: SYSTEM.prescription, value: 'rx-42' }],
      authoredOn: '2025-03-03',
      subject: { reference: '#patient' },
      author: { reference: '#author' },
      extension: [
        { url: EXT.prescriptionDocumentReference, valueReference: { reference: 'DocumentReference/doc-1' } },
      ],
      action: [{ resource: { reference: '#req-1' } }, { resource: { reference: '#req-2' } }],
    });
    const ids = new Set(group.contained?.map((r) => `#${r.id}`));
    for (const a of group.action ?? []) expect(ids.has(a.resource?.reference ?? '')).toBe(true);
    expect(contained<Patient>(group, 'patient').identifier).toEqual([
      { system: SYSTEM.partnerPatient, value: 'PAT-001' },
    ]);
    expect(contained<Practitioner>(group, 'author').identifier).toEqual([
      { system: SYSTEM.idNatPs, value: '810999999999' },
    ]);
    expect(contained<Practitioner>(group, 'prescriber').name).toEqual([{ text: 'Claire MARTIN' }]);
  });

  it('codes a recognised drug with CIS, ATC, EDQM form and ingredient strength', () => {
    const med = contained<Medication>(group, 'med-1');
    expect(med.code?.coding).toEqual([
      { system: 'urn:oid:1.2.250.1.213.2.3.1', code: '60234100', display: 'DOLIPRANE 1000 mg, comprimé' },
      { system: 'http://www.whocc.no/atc', code: 'N02BE01', display: 'N02BE01' },
    ]);
    expect(med.form?.coding?.[0]?.code).toBe('10219000');
    expect(med.ingredient?.[0]?.strength?.numerator).toEqual({
      value: 1000,
      unit: 'mg',
      system: SYSTEM.ucum,
      code: 'mg',
    });
  });

  it('keeps only the text of a drug it did not recognise', () => {
    expect(contained<Medication>(group, 'med-2').code).toEqual({ text: 'PRODUIT <INCONNU> & Cie 5 mg' });
  });

  it('puts dosage, renewals and the Ordoscan extensions on each MedicationRequest', () => {
    const req1 = contained<MedicationRequest>(group, 'req-1');
    expect(req1.medicationReference?.reference).toBe('#med-1');
    expect(req1.dosageInstruction?.[0]?.timing?.repeat?.when).toEqual(['MORN', 'EVE']);
    const ext = (r: MedicationRequest, url: string) => r.extension?.filter((e) => e.url === url) ?? [];
    expect(ext(req1, EXT.originalPosology)[0]?.valueString).toBe('1 cp matin et soir pendant 5 jours');
    expect(ext(req1, EXT.isPrescribedAsALD)[0]?.valueBoolean).toBe(false);
    expect(ext(req1, EXT.structurationReliability)[0]?.valueCoding?.code).toBe('high');
    expect(ext(req1, EXT.recentlyUnmarketed)[0]?.valueBoolean).toBe(false);
    expect(ext(req1, EXT.printedBox)[0]?.extension).toContainEqual({ url: 'y', valueDecimal: 480 });
    const req2 = contained<MedicationRequest>(group, 'req-2');
    expect(ext(req2, EXT.isPrescribedAsALD)[0]?.valueBoolean).toBe(true);
    expect(ext(req2, EXT.structurationReliability)[0]?.valueCoding?.code).toBe('low');
    expect(req2.dispenseRequest?.numberOfRepeatsAllowed).toBe(2);
    expect(req2.dosageInstruction).toEqual([{ text: '1 "gélule" le soir' }]);
  });

  it('escapes the read text in the XHTML narrative', () => {
    expect(group.text?.div).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><ul><li>DOLIPRANE 1000 mg cp<br/>1 cp matin et soir pendant 5 jours</li>' +
        '<li>PRODUIT &lt;INCONNU&gt; &amp; Cie 5 mg<br/>1 &quot;gélule&quot; le soir</li></ul></div>',
    );
  });

  it('leaves authoredOn out when no date was read, and says so in an empty narrative', () => {
    const empty = toRequestGroup(
      { ...read, header: { prescriber: null, patient: null, date: null }, lines: [] },
      meta,
    );
    expect(empty.authoredOn).toBeUndefined();
    expect(empty.action).toBeUndefined();
    expect(empty.contained?.map((r) => r.id)).toEqual(['patient', 'author']);
    expect(empty.text?.div).toContain('No prescription line was read.');
    expect(r4Errors(empty)).toEqual([]);
  });

  it('is caught by the validators when it breaks R4 (the checks can fail)', () => {
    const broken = { ...group, intent: 42, unknownField: true };
    expect(r4Errors(broken).length).toBeGreaterThan(0);
  });
});
