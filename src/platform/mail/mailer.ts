import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export type MailAttachment = { filename: string; contentType: string; content: string };
export type Mail = { to: string; subject: string; text: string; attachments?: MailAttachment[] };
export type Mailer = { send: (mail: Mail) => Promise<void> };

/**
 * Sends through SMTP when SMTP_URL is set; otherwise (development) writes the mail to the log,
 * so a reset link can be followed without a mail server. Mail bodies hold links, never passwords.
 * In production without SMTP_URL nothing is sent and only a warning is logged: the text carries reset
 * links and activation codes, and the recipient is personal data, so neither reaches the log.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; log: Logger; production?: boolean }): Mailer {
  if (!opts.smtpUrl && opts.production) {
    return {
      send: async (mail) => {
        opts.log.warn({ mail: { subject: mail.subject, attachments: mail.attachments?.length ?? 0 } }, 'mail not sent: SMTP_URL is not set (text and recipient not logged)');
      },
    };
  }
  if (!opts.smtpUrl) {
    return {
      send: async (mail) => {
        opts.log.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments?.map((a) => a.filename) } }, 'mail (no SMTP_URL: written to the log)');
      },
    };
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    send: async (mail) => {
      await transport.sendMail({ from: opts.from, ...mail });
    },
  };
}
