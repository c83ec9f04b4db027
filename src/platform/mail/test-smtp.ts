import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CaughtMail = { to: string[]; subject: string; text: string; attachments: { filename: string; contentType: string; content: string }[] };

/** Reads a mail as a client would (multipart, encodings, attachments), with mailparser. */
export async function parseMail(raw: Buffer, to: string[]): Promise<CaughtMail> {
  const parsed = await simpleParser(raw);
  return {
    to,
    subject: parsed.subject ?? '',
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content.toString('utf8') })),
  };
}

/**
 * A real SMTP server in the test process (no TLS, no auth), on a free port: the app sends to it
 * through nodemailer exactly as it would to a provider, and tests read what arrived.
 */
export async function startTestSmtp() {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        parseMail(Buffer.concat(chunks), session.envelope.rcptTo.map((r) => r.address)).then(
          (mail) => {
            mails.push(mail);
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** The next mail to `to` that arrives after `since` mails were already there. */
    async waitFor(to: string, since = 0, timeoutMs = 5000): Promise<CaughtMail> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.slice(since).find((m) => m.to.includes(to));
        if (found) return found;
        if (Date.now() > end) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
