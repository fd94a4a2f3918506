import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sampleRequestGroup } from '../../test/fixtures/delivery/request-group.js';
import { pn13Date, toPn13 } from './pn13.js';
import { escapeAttr, escapeText } from './xml.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (n) => ['Elément_prescr_médic', 'Elément_posologie'].includes(n),
});
type Node = Record<string, unknown>;
const obj = (v: unknown): Node => v as Node;
const arr = (v: unknown): Node[] => v as Node[];

function build(authoredOn?: string): { xml: string; doc: Node } {
  const rg = sampleRequestGroup({ id: 'p1', patientId: 'IPP-42 <x>', ...(authoredOn ? { authoredOn } : {}) });
  const xml = toPn13(rg, {
    messageId: 'msg-1',
    emittedAt: new Date('2024-03-01T09:05:07Z'),
    medicalUnit: 'UF 12',
  });
  return { xml, doc: obj(parser.parse(xml)) };
}

describe('pn13Date', () => {
  it.each([
    ['2024-03-01T09:05:07Z', 'Europe/Paris', '20240301100507'],
    ['2024-07-01T23:30:00Z', 'Europe/Paris', '20240702013000'],
    ['2024-03-01', 'Europe/Paris', '20240301000000'],
    ['2024-03-01T09:05:07Z', 'UTC', '20240301090507'],
  ])('formats %s in %s as %s', (v, tz, out) => expect(pn13Date(v, tz)).toBe(out));

  it('refuses a non-date', () => expect(() => pn13Date('yesterday')).toThrow(/Not a date/));
});

describe('toPn13', () => {
  it('is well-formed XML in the Phast SIPh II namespace with the message header', () => {
    const { xml, doc } = build('2024-02-28T10:00:00+01:00');
    expect(XMLValidator.validate(xml)).toBe(true);
    const messages = obj(doc.Messages);
    expect(messages['@xmlns']).toBe('http://www.phast.fr/SIPhII');
    expect(messages['@Phast-id_message']).toBe('msg-1');
    expect(messages['@Phast-dh_émission']).toBe('20240301100507');
  });

  it('escapes markup in patient ids, names and drug labels', () => {
    const { xml, doc } = build();
    expect(xml).toContain('<Ipp>IPP-42 &lt;x&gt;</Ipp>');
    expect(xml).toContain('Martin &amp; Fils');
    const m = obj(obj(doc.Messages).M_Prescription_médicaments);
    expect(obj(m.Patient).Ipp).toBe('IPP-42 <x>');
  });

  it('maps each MedicationRequest to one Elément_prescr_médic with the mandatory elements', () => {
    const { doc } = build('2024-02-28T10:00:00+01:00');
    const presc = obj(obj(obj(doc.Messages).M_Prescription_médicaments).Prescription);
    expect(presc.Mode_communication).toBe('1');
    expect(presc.Dh_prescription).toBe('20240228100000');
    expect(obj(presc.Unité_resp_médicale)['#text']).toBe('UF 12');
    const items = arr(presc.Elément_prescr_médic);
    expect(items).toHaveLength(2);
    const [a, b] = items as [Node, Node];
    expect(a.Id_élément_prescr).toBe('mr-1');
    expect(a.Cré_arr_mod_val).toBe('C');
    expect(a.Libellé_élément_prescr).toBe(
      'DOLIPRANE 1000 mg <comprimé> : 1 comprimé si douleur, maximum 4 par jour, pendant 5 jours',
    );
    expect(obj(a.Identification_prescripteur)).toEqual({
      Identifiant: '10101010101',
      Nom_usage: 'Martin & Fils',
      Prénom_usage: 'Anne',
    });
    expect(a.Voie_administration).toBe('54');
    expect(a.Dh_début).toBe('20240228100000');
    expect(a.Dh_fin).toBe('20240304100000');
    expect(a.Commentaire).toBe('CIS 60234100');
    expect(obj(a.Composant_prescrit).Libellé_composant).toBe('DOLIPRANE 1000 mg <comprimé>');
    // 3 + 2 weeks of tapering = 35 × 24 h, across the switch to summer time on 31 March
    expect(b.Dh_fin).toBe('20240403110000');
    expect(b.Voie_administration).toBeUndefined();
  });

  it('writes "si besoin" and the daily maximum as in the published paracetamol example', () => {
    const { doc } = build();
    const a = arr(
      obj(obj(obj(doc.Messages).M_Prescription_médicaments).Prescription).Elément_prescr_médic,
    )[0] as Node;
    const [prn, max] = arr(a.Elément_posologie) as [Node, Node];
    expect(prn.Type_événement_début).toBe('3');
    expect(obj(obj(obj(prn.Evt_structuré_début).Evénement_structuré)).Evt_libellé).toBe('Si besoin');
    expect(prn.Quantité).toEqual({ Nombre: '1', Unité: 'comprimé' });
    expect(max).toEqual({
      Type_événement_début: '4',
      Evénement_début: '3',
      Quantité: { Nombre: '4', Unité: 'comprimé' },
    });
  });

  it('writes moments of the day and "every 2 days" as structured frequencies', () => {
    const { doc } = build();
    const b = arr(
      obj(obj(obj(doc.Messages).M_Prescription_médicaments).Prescription).Elément_prescr_médic,
    )[1] as Node;
    const pos = arr(b.Elément_posologie);
    expect(pos.map((p) => p.Fréquence_structurée)).toEqual([
      { Frq_échelle: '4', Frq_multiplicité: '1', Frq_libellé: '1 fois par jour, le matin' },
      { Frq_échelle: '4', Frq_multiplicité: '1', Frq_libellé: '1 fois par jour, le soir' },
      { Frq_échelle: '4', Frq_durée: '2', Frq_multiplicité: '1', Frq_libellé: 'tous les 2 jours' },
    ]);
    expect(pos[2]?.Quantité).toEqual({ Nombre: '0.5', Unité: 'comprimé' });
  });

  it('omits dates it cannot know instead of inventing them', () => {
    const { doc } = build();
    const a = arr(
      obj(obj(obj(doc.Messages).M_Prescription_médicaments).Prescription).Elément_prescr_médic,
    )[0] as Node;
    expect(a.Dh_début).toBeUndefined();
    expect(a.Dh_fin).toBeUndefined();
  });

  it('refuses a RequestGroup without a patient identifier', () => {
    const rg = sampleRequestGroup({ id: 'p', patientId: '' });
    expect(() => toPn13(rg, { messageId: 'm', emittedAt: new Date() })).toThrow(/Ipp/);
  });
});

describe('xml escaping', () => {
  it('escapes text and attributes and drops characters XML forbids', () => {
    expect(escapeText('a<b>&c\u0001')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeAttr('say "hi"\n')).toBe('say &quot;hi&quot;&#10;');
  });
});
