// Sending mail with nodemailer: through SMTP_URL when it is set, otherwise (the embedded default) as
// .eml files in the outbox folder. Logs say which file or server and the subject — never addresses.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { mails } from '../observability/metrics';

export interface MailConfig {
  smtpUrl?: string;
  outboxDir: string;
  from: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The same on every attempt of one mail, so a resend is recognisable. */
  messageId?: string;
}

export type SendMail = (mail: Mail) => Promise<void>;

export function createMailer(config: MailConfig): SendMail {
  const send = sendWith(config);
  return async (mail) => {
    try {
      await send(mail);
    } catch (error) {
      mails.inc({ outcome: 'failed' });
      throw error;
    }
    mails.inc({ outcome: 'sent' });
  };
}

function sendWith(config: MailConfig): SendMail {
  if (config.smtpUrl) {
    // Bounded waits: a send ends (or fails) well inside the outbox's claim on it (notificationActivities.ts).
    const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
    return async (mail) => {
      await transport.sendMail({ from: config.from, ...mail });
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return async (mail) => {
    const info = await transport.sendMail({ from: config.from, ...mail });
    mkdirSync(config.outboxDir, { recursive: true });
    const file = path.join(config.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
    writeFileSync(file, info.message as Buffer);
    console.log(`[mail] ${path.basename(file)}: ${mail.subject}`);
  };
}
