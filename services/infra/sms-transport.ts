import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import type { Logger } from './logger';
import { createTwilioClient } from './twilio-client';

export interface OutboundSms {
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
}

export interface SentSms {
  sid: string;
  /** The provider's status on acceptance (Twilio: queued / accepted / sent …). */
  status: string;
}

/** Where outbound SMS go: Twilio's Messages API, or a local outbox when no credentials are set. */
export interface SmsTransport {
  readonly name: 'twilio' | 'outbox';
  send(sms: OutboundSms): Promise<SentSms>;
  /**
   * Messages the provider accepted with this exact To/From/Body, created at or after `since`,
   * oldest first. Used to settle an ambiguous earlier attempt (crash or timeout between the
   * request and our write); the caller decides which one, if any, is that attempt's.
   */
  findSent(sms: Omit<OutboundSms, 'statusCallback'>, since: Date): Promise<SentSms[]>;
}

export function createTwilioTransport(client: Twilio): SmsTransport {
  return {
    name: 'twilio',
    async send({ to, from, body, statusCallback }) {
      const message = await client.messages.create({ to, from, body, ...(statusCallback ? { statusCallback } : {}) });
      return { sid: message.sid, status: message.status };
    },
    async findSent({ to, from, body }, since) {
      // No DateSent filter: Twilio leaves date_sent null while a message is queued (a busy number
      // queues for seconds), so it would hide exactly the message we look for. The list is newest
      // first; 50 covers far more than one person receives during a settle window.
      const recent = await client.messages.list({ to, from, limit: 50 });
      // date_created has second precision: compare at the second.
      const floor = Math.floor(since.getTime() / 1000) * 1000;
      return recent
        .filter((m) => m.body === body && m.dateCreated.getTime() >= floor)
        .reverse()
        .map((m) => ({ sid: m.sid, status: m.status }));
    },
  };
}

/**
 * Development transport: appends each SMS as a JSON line to DATA_DIR/outbox.jsonl and prints it,
 * so `npm start` works for anyone without a Twilio account. Replies also land in the messages table,
 * which is where `npm run chat` reads them.
 */
export function createOutboxTransport(opts: { dataDir: string; logger: Logger; print?: boolean }): SmsTransport {
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, 'outbox.jsonl');
  return {
    name: 'outbox',
    async send(sms) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      appendFileSync(file, `${JSON.stringify({ sid, ...sms, at: new Date().toISOString() })}\n`);
      if (opts.print !== false) opts.logger.info(`outbox: SMS ${sid} from ${sms.from} to ${sms.to}`);
      return { sid, status: 'sent' };
    },
    async findSent() {
      // The outbox is written synchronously before `send` resolves: an unrecorded sid means it was never written.
      return [];
    },
  };
}

/** Twilio when credentials are configured, the local outbox otherwise. */
export function createSmsTransport(
  twilioConfig: { credentials: { accountSid: string; authToken: string } | null; apiBaseUrl: string },
  opts: { dataDir: string; logger: Logger },
): SmsTransport {
  if (!twilioConfig.credentials) return createOutboxTransport(opts);
  return createTwilioTransport(createTwilioClient({ ...twilioConfig.credentials, apiBaseUrl: twilioConfig.apiBaseUrl }));
}
