/**
 * @module The validated prescription as a PN13 prescription message (`M_Prescription_médicaments`,
 * Phast SIPh II namespace), generated from the FHIR RequestGroup — the same model every channel
 * delivers. Element names, order and date format (yyyymmddhhmmss, local time) follow the published
 * Interop'Santé examples; the mapping and its limits are documented in `docs/delivery.md`. Pure.
 */
import type {
  Coding,
  Dosage,
  Duration,
  HumanName,
  Medication,
  MedicationRequest,
  Patient,
  Practitioner,
  RequestGroup,
  Resource,
} from '@medplum/fhirtypes';
import { AppError } from '../errors.js';
import { toPosologyElements } from './pn13-posology.js';
import { el, renderXml, textEl, type XmlElement } from './xml.js';

export const PN13_NAMESPACE = 'http://www.phast.fr/SIPhII';
export const PN13_MEDIA_TYPE = 'application/xml';

export interface Pn13Options {
  /** `Phast-id_message`: unique per message sent. */
  messageId: string;
  /** `Phast-dh_émission`: when the message is emitted. */
  emittedAt: Date;
  /** IANA time zone of the PN13 dates (default Europe/Paris: PN13 carries local times). */
  timeZone?: string;
  /** `Unité_resp_médicale` code of the facility, when configured. */
  medicalUnit?: string;
  /** `Séjour/Id_séjour`, when the partner knows the stay. */
  stayId?: string;
}

const UCD_SYSTEM = /ucd/i;
const CIS_SYSTEMS = ['urn:oid:1.2.250.1.213.2.3.1'];
/** EDQM route → PN13 `Voie_administration`, only the codes seen in the published examples. */
const ROUTES: Readonly<Record<string, string>> = { '20053000': '54', '20045000': '49' };

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build: one per time zone, reused. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

/**
 * Formats a date as PN13 `yyyymmddhhmmss` in local time. A date-only FHIR value (`2024-03-01`) is
 * midnight of that day.
 * @param value - a Date or a FHIR date/dateTime string
 * @param timeZone - IANA zone
 */
export function pn13Date(value: Date | string, timeZone = 'Europe/Paris'): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return `${value.replace(/-/g, '')}000000`;
  }
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) throw new AppError('invalid', `Not a date: ${String(value)}`);
  const parts = formatter(timeZone).formatToParts(d);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}${get('month')}${get('day')}${get('hour')}${get('minute')}${get('second')}`;
}

function contained<T extends Resource>(
  rg: RequestGroup,
  ref: string | undefined,
  type: T['resourceType'],
): T | undefined {
  if (ref === undefined) return undefined;
  const id = ref.startsWith('#') ? ref.slice(1) : ref.replace(/^urn:uuid:/, '');
  return rg.contained?.find((r): r is T => r.resourceType === type && r.id === id);
}

function nameParts(names: HumanName[] | undefined): { family?: string; given?: string } {
  const n = names?.[0];
  if (n === undefined) return {};
  return { family: n.family ?? n.text, given: n.given?.join(' ') };
}

/** The MedicationRequests in action order (falls back to every contained one). */
function requestsOf(rg: RequestGroup): MedicationRequest[] {
  const fromActions = (rg.action ?? [])
    .map((a) => contained<MedicationRequest>(rg, a.resource?.reference, 'MedicationRequest'))
    .filter((r): r is MedicationRequest => r !== undefined);
  if (fromActions.length > 0) return fromActions;
  return (rg.contained ?? []).filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest');
}

function durationMs(d: Duration | undefined): number | null {
  const factor: Record<string, number> = {
    min: 60e3,
    h: 3600e3,
    d: 86400e3,
    wk: 7 * 86400e3,
    mo: 30 * 86400e3,
    a: 365 * 86400e3,
  };
  const f = d?.code !== undefined ? factor[d.code] : undefined;
  return d?.value === undefined || f === undefined ? null : d.value * f;
}

/** Total treatment length when every sequence is bounded, else null (then no Dh_fin). */
function treatmentMs(dosages: Dosage[]): number | null {
  const bySeq = new Map<number, number>();
  for (const d of dosages) {
    const ms = durationMs(d.timing?.repeat?.boundsDuration);
    if (ms === null) return null;
    const seq = d.sequence ?? 1;
    bySeq.set(seq, Math.max(bySeq.get(seq) ?? 0, ms));
  }
  return bySeq.size === 0 ? null : [...bySeq.values()].reduce((a, b) => a + b, 0);
}

function medicationLabel(med: Medication | undefined, mr: MedicationRequest): string {
  return (
    med?.code?.text ??
    med?.code?.coding?.[0]?.display ??
    mr.medicationCodeableConcept?.text ??
    'Médicament non identifié'
  );
}

function component(med: Medication | undefined, label: string): XmlElement {
  const codings: Coding[] = med?.code?.coding ?? [];
  const ucd = codings.find((c) => UCD_SYSTEM.test(c.system ?? '') && c.code !== undefined);
  return el(
    'Composant_prescrit',
    {},
    ucd !== undefined ? el('Type_composant_1', {}, '1') : null,
    ucd !== undefined ? textEl('Code_composant_1', ucd.code) : null,
    el('Libellé_composant', {}, label),
  );
}

function prescriptionElement(
  rg: RequestGroup,
  mr: MedicationRequest,
  index: number,
  prescriber: XmlElement,
  start: string | undefined,
  opts: Pn13Options,
): XmlElement {
  const med = contained<Medication>(rg, mr.medicationReference?.reference, 'Medication');
  const label = medicationLabel(med, mr);
  const dosages = [...(mr.dosageInstruction ?? [])].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  const texts = dosages.map((d) => d.text).filter((t): t is string => t !== undefined && t !== '');
  const route = dosages
    .flatMap((d) => d.route?.coding ?? [])
    .find((c) => c.code !== undefined && ROUTES[c.code]);
  const cis = med?.code?.coding?.find((c) => CIS_SYSTEMS.includes(c.system ?? ''))?.code;
  const total = treatmentMs(dosages);
  const end = start !== undefined && total !== null ? new Date(Date.parse(start) + total) : undefined;
  const indication = dosages.find((d) => d.asNeededCodeableConcept?.text)?.asNeededCodeableConcept?.text;
  return el(
    'Elément_prescr_médic',
    {},
    el('Id_élément_prescr', {}, mr.id ?? String(index + 1)),
    el('Libellé_élément_prescr', {}, [label, ...texts].join(' : ')),
    el('Cré_arr_mod_val', {}, 'C'),
    el('Fourniture', {}, '1'),
    prescriber,
    route?.code !== undefined ? el('Voie_administration', {}, ROUTES[route.code] ?? '') : null,
    start !== undefined ? el('Dh_début', {}, pn13Date(start, opts.timeZone)) : null,
    end !== undefined ? el('Dh_fin', {}, pn13Date(end, opts.timeZone)) : null,
    textEl('Indication', indication),
    textEl('Commentaire', cis !== undefined ? `CIS ${cis}` : undefined),
    component(med, label),
    ...dosages.flatMap((d) => toPosologyElements(d)),
  );
}

/**
 * Builds the PN13 prescription message of a validated prescription.
 * @param rg - the prescription's FHIR RequestGroup (contained Patient, Practitioner, Medications, MedicationRequests)
 * @param opts - message id and emission time; facility's unit and stay when known
 * @returns the XML document (UTF-8)
 * @throws AppError `invalid` when the RequestGroup has no patient identifier (PN13 requires the Ipp)
 */
export function toPn13(rg: RequestGroup, opts: Pn13Options): string {
  const patient = contained<Patient>(rg, rg.subject?.reference, 'Patient');
  const ipp = patient?.identifier?.[0]?.value ?? rg.subject?.identifier?.value;
  if (ipp === undefined || ipp === '') {
    throw new AppError(
      'invalid',
      'PN13 needs the patient identifier (Ipp): the RequestGroup subject has none',
    );
  }
  const practitioner = contained<Practitioner>(rg, rg.author?.reference, 'Practitioner');
  const pName = nameParts(practitioner?.name);
  const prescriber = el(
    'Identification_prescripteur',
    {},
    el('Identifiant', {}, practitioner?.identifier?.[0]?.value ?? 'inconnu'),
    textEl('Nom_usage', pName.family),
    textEl('Prénom_usage', pName.given),
  );
  const patName = nameParts(patient?.name);
  const authored = rg.authoredOn;
  const prescribedAt = pn13Date(authored ?? opts.emittedAt, opts.timeZone);
  const body = el(
    'M_Prescription_médicaments',
    {},
    el(
      'Patient',
      {},
      el('Ipp', {}, ipp),
      textEl('Nom_usuel', patName.family),
      textEl('Prénoms', patName.given),
      patient?.birthDate !== undefined
        ? el('Date_naissance', {}, pn13Date(patient.birthDate, opts.timeZone))
        : null,
    ),
    opts.stayId !== undefined ? el('Séjour', {}, el('Id_séjour', {}, opts.stayId)) : null,
    el(
      'Prescription',
      {},
      el('Mode_communication', {}, '1'),
      el('Dh_prescription', {}, prescribedAt),
      textEl('Unité_resp_médicale', opts.medicalUnit, { 'Phast-nomenclature': 'LOCAL' }),
      ...requestsOf(rg).map((mr, i) => prescriptionElement(rg, mr, i, prescriber, authored, opts)),
    ),
  );
  return renderXml(
    el(
      'Messages',
      {
        xmlns: PN13_NAMESPACE,
        'Phast-id_message': opts.messageId,
        'Phast-dh_émission': pn13Date(opts.emittedAt, opts.timeZone),
      },
      body,
    ),
  );
}
