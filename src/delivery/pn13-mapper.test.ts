import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Specialty } from '../drugs/types.js';
import { toRequestGroup } from '../fhir/index.js';
import type { ExtractedLine, ReadResult } from '../scan/types.js';
import { toPn13 } from './pn13.js';

/** PN13 from the project's own FHIR mapper output (not a hand-written RequestGroup). */
const doliprane: Specialty = {
  cis: '60234100',
  name: 'DOLIPRANE 1000 mg, comprimé',
  brand: 'DOLIPRANE',
  substances: [{ code: '02202', name: 'PARACÉTAMOL', strength: '1000 mg', reference: 'un comprimé' }],
  form: 'comprimé',
  formFamily: 'tablet',
  formEdqm: { system: 'http://standardterms.edqm.eu', code: '10219000', display: 'Tablet' },
  routes: ['orale'],
  routesEdqm: [{ system: 'http://standardterms.edqm.eu', code: '20053000', display: 'Oral use' }],
  atc: 'N02BE01',
  marketed: true,
  modifiedRelease: false,
};

const line: ExtractedLine = {
  index: 1,
  text: 'DOLIPRANE 1000 mg cp 1 cp matin et soir pendant 5 jours',
  drugText: 'DOLIPRANE 1000 mg cp',
  posologyText: '1 cp matin et soir pendant 5 jours',
  routeText: null,
  ald: false,
  boxes: [{ page: 1, x: 100, y: 480, width: 400, height: 24 }],
  ocrConfidence: 95,
  drug: {
    chosen: { specialty: doliprane, score: 1 },
    alternatives: [],
    ambiguous: false,
    strength: '1000 mg',
    reliability: 'high',
  },
  dosages: [
    {
      sequence: 1,
      text: '1 cp matin et soir pendant 5 jours',
      timing: {
        repeat: {
          frequency: 2,
          period: 1,
          periodUnit: 'd',
          when: ['MORN', 'EVE'],
          boundsDuration: { value: 5, unit: 'day', system: 'http://unitsofmeasure.org', code: 'd' },
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
};

const read: ReadResult = {
  header: { prescriber: { name: 'Dr Anne Martin', rpps: '10101010101' }, patient: null, date: '2024-02-28' },
  lines: [line],
  text: [{ page: 1, text: line.text, box: line.boxes[0]! }],
  pages: [{ page: 1, width: 1240, height: 1754, source: 'ocr' }],
  issues: [],
};

describe('PN13 from the FHIR mapper output', () => {
  it('is well-formed and carries the patient, the prescriber, the drug and the posology', () => {
    const rg = toRequestGroup(read, {
      prescriptionId: '7d1e5a52-4c1f-4d5e-9f39-2b8c2a3a0f11',
      patientId: 'IPP-77',
      practitioner: { name: 'Anne Martin', rpps: '10101010101' },
      status: 'active',
    });
    const xml = toPn13(rg, { messageId: 'm-1', emittedAt: new Date('2024-03-01T08:00:00Z') });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'Elément_posologie' }).parse(
      xml,
    ) as {
      Messages: {
        M_Prescription_médicaments: { Patient: { Ipp: string }; Prescription: Record<string, unknown> };
      };
    };
    const m = doc.Messages.M_Prescription_médicaments;
    expect(m.Patient.Ipp).toBe('IPP-77');
    const item = m.Prescription.Elément_prescr_médic as Record<string, unknown>;
    expect(item.Libellé_élément_prescr).toMatch(/DOLIPRANE 1000 mg.*1 cp matin et soir pendant 5 jours/);
    // The mapper writes the national id (idNat_PS: 8 + RPPS); PN13 carries it as given.
    expect((item.Identification_prescripteur as { Identifiant: string }).Identifiant).toMatch(
      /^8?10101010101$/,
    );
    expect(item.Commentaire).toBe('CIS 60234100');
    const pos = item.Elément_posologie as {
      Fréquence_structurée: { Frq_libellé: string };
      Quantité: unknown;
    }[];
    expect(pos.map((p) => p.Fréquence_structurée.Frq_libellé)).toEqual([
      '1 fois par jour, le matin',
      '1 fois par jour, le soir',
    ]);
    expect(pos[0]?.Quantité).toEqual({ Nombre: '1', Unité: 'comprimé' });
    if (rg.authoredOn !== undefined) expect(item.Dh_fin).toMatch(/^\d{14}$/);
  });
});
