import type { AddressInfo } from 'node:net';
import { XMLValidator } from 'fast-xml-parser';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import {
  runDeliveryUntilSettled,
  useDeliveryTestDb,
  validatedInFacility,
} from '../../test/fixtures/delivery/harness.js';
import { getDelivery, listAttempts } from '../store/deliveries.js';
import { onPrescriptionValidated } from './index.js';
import { createDeliveryRuntime, type DeliveryRuntime } from './runtime.js';

/** A real SMTP server on a loopback port that rejects the first `rejectFirst` messages with 451. */
async function startSmtp(
  rejectFirst = 0,
): Promise<{ url: string; mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = [];
  let seen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        seen += 1;
        if (seen <= rejectFirst) {
          const err = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
          callback(err);
          return;
        }
        void simpleParser(Buffer.concat(chunks)).then((m) => {
          mails.push(m);
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((r) => server.close(() => r())) };
}

describe('e-mail delivery (real SMTP server on loopback)', () => {
  const ctx = useDeliveryTestDb('mail');

  async function deliver(rt: DeliveryRuntime, deliveryId: string): Promise<void> {
    try {
      await runDeliveryUntilSettled(ctx.db, rt, deliveryId);
    } finally {
      rt.mailer?.close();
    }
  }

  const validated = async (tag: string, delivery: Record<string, unknown>): Promise<string> =>
    (await validatedInFacility(ctx, tag, delivery, '2024-02-28')).prescriptionId;

  it('sends the FHIR JSON and the PN13 XML as attachments, retrying after a temporary SMTP refusal', async () => {
    const smtp = await startSmtp(1);
    try {
      const id = await validated('pn13', {
        channels: ['email'],
        emailTo: ['pharmacie@hopital.test', 'dpi@hopital.test'],
        pn13: true,
        pn13MedicalUnit: '2571',
      });
      const [d] = await onPrescriptionValidated(ctx.db, id);
      const rt = createDeliveryRuntime(
        { smtpUrl: smtp.url, mailFrom: 'ordoscan@ordoscan.test', webhookTimeoutMs: 1000 },
        { retryDelaysMs: [50, 50] },
      );
      await deliver(rt, d!.id);
      expect(await getDelivery(ctx.db, d!.id)).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lastStatusCode: 250,
      });
      const log = await listAttempts(ctx.db, d!.id);
      expect(log[0]).toMatchObject({ statusCode: 451 });
      expect(log[0]?.error).toMatch(/Mailbox busy/);

      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0]!;
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([
        'pharmacie@hopital.test',
        'dpi@hopital.test',
      ]);
      expect(mail.subject).toBe(`Ordoscan: validated prescription ${id}`);
      expect(mail.messageId).toBe(`<${d!.idempotencyKey}@ordoscan.test>`);
      const byName = new Map(mail.attachments.map((a) => [a.filename, a]));
      const json = byName.get(`prescription-${id}.fhir.json`);
      expect(json?.contentType).toBe('application/fhir+json');
      expect(JSON.parse(json!.content.toString('utf8'))).toMatchObject({ resourceType: 'RequestGroup', id });
      const xml = byName.get(`prescription-${id}.pn13.xml`)!.content.toString('utf8');
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toContain('<Ipp>pat-pn13</Ipp>');
      expect(xml).toContain('<Unité_resp_médicale Phast-nomenclature="LOCAL">2571</Unité_resp_médicale>');
    } finally {
      await smtp.close();
    }
  });

  it('sends FHIR only when PN13 is off', async () => {
    const smtp = await startSmtp();
    try {
      const id = await validated('fhir', { channels: ['email'], emailTo: ['dpi@hopital.test'] });
      const [d] = await onPrescriptionValidated(ctx.db, id);
      await deliver(
        createDeliveryRuntime({ smtpUrl: smtp.url, mailFrom: 'o@ordoscan.test', webhookTimeoutMs: 1000 }),
        d!.id,
      );
      expect(smtp.mails[0]?.attachments.map((a) => a.filename)).toEqual([`prescription-${id}.fhir.json`]);
    } finally {
      await smtp.close();
    }
  });

  it('fails with a clear reason when the server has no SMTP_URL', async () => {
    const id = await validated('nosmtp', { channels: ['email'], emailTo: ['dpi@hopital.test'] });
    const [d] = await onPrescriptionValidated(ctx.db, id);
    await deliver(createDeliveryRuntime({ smtpUrl: null, mailFrom: 'o@t', webhookTimeoutMs: 1000 }), d!.id);
    expect(await getDelivery(ctx.db, d!.id)).toMatchObject({
      status: 'failed',
      lastError: 'E-mail delivery needs SMTP_URL to be set on the server',
    });
  });
});
