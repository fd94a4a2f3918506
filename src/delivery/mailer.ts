/**
 * @module The e-mail channel's transport: nodemailer over SMTP (`SMTP_URL`, e.g.
 * `smtp://user:pass@mail.example:587` or `smtps://…:465`). One transport per process, closed on stop.
 */
import nodemailer from 'nodemailer';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
  /** Also used as the Message-ID, so a retried message can be recognised by the mailbox. */
  idempotencyKey: string;
}

export interface Mailer {
  /** @returns the SMTP reply code of the accepted message */
  send(msg: MailMessage): Promise<{ statusCode: number }>;
  close(): void;
}

/**
 * Creates the SMTP mailer.
 * @param smtpUrl - SMTP URL
 * @param from - sender address
 * @param opts - `timeoutMs` for connection and each command (default 15 s)
 */
export function createMailer(smtpUrl: string, from: string, opts: { timeoutMs?: number } = {}): Mailer {
  const timeout = opts.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const domain = from.split('@')[1] ?? 'ordoscan.local';
  return {
    async send(msg) {
      const info = (await transport.sendMail({
        from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        messageId: `<${msg.idempotencyKey}@${domain}>`,
        headers: { 'Idempotency-Key': msg.idempotencyKey },
        attachments: msg.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
      })) as { response?: string };
      const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250);
      return { statusCode: code };
    },
    close: () => transport.close(),
  };
}
