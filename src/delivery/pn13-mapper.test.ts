import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toRequestGroup } from '../fhir/index.js';
import { extractedLine } from '../../test/fixtures/extracted-line.js';
import type { ReadResult } from '../scan/types.js';
import { toPn13 } from './pn13.js';

const line = extractedLine();

const read: ReadResult = {
  header: { prescriber: { name: 'Dr Anne Martin', rpps: '10101010101' }, patient: null, date: '2024-02-28' },
  lines: [line],
  text: [{ page: 1, text: line.text, box: line.boxes[0]! }],
  pages: [{ page: 1, width: 1240, height: 1754, source: 'ocr' }],
  issues: [],
};

// PN13 from the project's own FHIR mapper output (not a hand-written RequestGroup).
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
