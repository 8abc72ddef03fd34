/** One plain-text e-mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail. Callers send after their transaction commits: a mail cannot be rolled back. */
export interface Mailer {
  /** Whether messages actually leave this server; the UI says so honestly when they do not. */
  readonly delivers: boolean;
  send(message: MailMessage): Promise<void>;
}

/**
 * The mailer of a deployment without SMTP (all of them, for now): it keeps the last messages
 * in memory and logs who was written to and about what. It does not log the body, which
 * carries one-time links: a log is read by more people than the recipient.
 */
export class DevMailer implements Mailer {
  readonly delivers = false;
  readonly sent: MailMessage[] = [];

  constructor(
    private readonly log: (line: string) => void = (line) => console.info(line),
    private readonly keep = 100,
  ) {}

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > this.keep) this.sent.shift();
    this.log(`[mail, not delivered] to ${message.to}: ${message.subject}`);
  }
}

const MAILER = Symbol.for("nuri.app.mailer");
const holder = globalThis as { [MAILER]?: Mailer };

/** The process's mailer (one, whichever copy of this module asks). */
export function getMailer(): Mailer {
  holder[MAILER] ??= new DevMailer();
  return holder[MAILER];
}
