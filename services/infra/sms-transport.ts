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
   * A message already accepted by the provider with this exact To/From/Body since `since`, if any.
   * Used to settle an ambiguous earlier attempt (crash between the provider's answer and our write).
   */
  findSent(sms: Omit<OutboundSms, 'statusCallback'>, since: Date): Promise<SentSms | null>;
}

export function createTwilioTransport(client: Twilio): SmsTransport {
  return {
    name: 'twilio',
    async send({ to, from, body, statusCallback }) {
      const message = await client.messages.create({ to, from, body, ...(statusCallback ? { statusCallback } : {}) });
      return { sid: message.sid, status: message.status };
    },
    async findSent({ to, from, body }, since) {
      // The list API filters by day only (DateSent>=YYYY-MM-DD); match the exact instant and body here.
      const candidates = await client.messages.list({ to, from, dateSentAfter: since, limit: 50 });
      const match = candidates.find((m) => m.body === body && m.dateCreated >= new Date(since.getTime() - 60_000));
      return match ? { sid: match.sid, status: match.status } : null;
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
      return null;
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
