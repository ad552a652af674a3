import { ApplicationFailure } from '@temporalio/common';
import { UniqueConstraintViolationException, ref } from '@mikro-orm/core';
import type { Orm } from '../schemas/db';
import { Message, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { toGsmFriendly } from '../workflows/lib/gsm';
import { countSegments } from '../workflows/lib/segments';
import type { Logger } from './infra/logger';
import { smsOutbound, smsOutboundSegments } from './infra/metrics';
import type { SmsTransport } from './infra/sms-transport';

export interface SmsDeps {
  orm: Orm;
  transport: SmsTransport;
  publicBaseUrl: string;
  logger: Logger;
}

export interface SendSmsInput {
  userId: string;
  body: string;
  /** Deterministic per logical send (e.g. `reply:<inbound sid>`): a retry finds the first attempt's row. */
  idempotencyKey: string;
}

export type SendSmsResult =
  | { status: 'sent'; sid: string; segments: number }
  | { status: 'skipped'; reason: 'opted_out' };

/** Twilio error codes that no retry can fix. */
const OPTED_OUT = 21610;
const INVALID_RECIPIENT = new Set([21211, 21614]);

export function createSmsActivities(deps: SmsDeps) {
  const { orm, transport, logger } = deps;
  const statusCallback = `${deps.publicBaseUrl}/webhooks/twilio/status`;

  /**
   * Sends one SMS from the user's assistant number to their phone, exactly once per
   * idempotency key: the row is written before the provider is called, so a retry either
   * finds the sid (done), or finds a row without one and asks the provider before resending.
   */
  async function sendSms(input: SendSmsInput): Promise<SendSmsResult> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    if (user.status === 'opted_out') return { status: 'skipped', reason: 'opted_out' };

    const body = user.gsmFriendly ? toGsmFriendly(input.body) : input.body;
    const sms = { to: user.phone, from: user.assistantNumber, body };
    let row = await em.findOne(Message, { idempotencyKey: input.idempotencyKey });
    if (row?.twilioSid) return { status: 'sent', sid: row.twilioSid, segments: row.segments };
    if (row) {
      const earlier = await transport.findSent(sms, row.createdAt);
      if (earlier) return record(row, earlier.sid, earlier.status);
    } else {
      const { segments, encoding } = countSegments(body);
      row = new Message({
        user: ref(user),
        direction: 'outbound',
        body,
        status: 'sending',
        idempotencyKey: input.idempotencyKey,
        segments,
        encoding,
      });
      try {
        await em.persistAndFlush(row);
      } catch (err) {
        // A concurrent attempt of the same send won the insert: let Temporal retry and find it.
        if (err instanceof UniqueConstraintViolationException) throw new Error('concurrent send in progress');
        throw err;
      }
    }

    try {
      const sent = await transport.send({ ...sms, statusCallback: transport.name === 'twilio' ? statusCallback : null });
      return await record(row, sent.sid, sent.status);
    } catch (err) {
      throw await classify(row, err);
    }

    async function record(message: Message, sid: string, status: string): Promise<SendSmsResult> {
      message.twilioSid = sid;
      message.status = status === 'sent' || status === 'delivered' ? status : 'queued';
      await em.flush();
      smsOutbound.inc({ result: 'sent', transport: transport.name });
      smsOutboundSegments.inc({ transport: transport.name }, message.segments);
      logger.info('sms sent', { userId: input.userId, sid, segments: message.segments, transport: transport.name });
      return { status: 'sent', sid, segments: message.segments };
    }

    async function classify(message: Message, err: unknown): Promise<Error> {
      const code = (err as { code?: unknown }).code;
      const httpStatus = (err as { status?: unknown }).status;
      const permanent = (type: ErrorType, text: string) => {
        message.status = 'failed';
        message.error = `${String(code ?? httpStatus)}: ${text}`.slice(0, 500);
        return ApplicationFailure.nonRetryable(text, type, { code });
      };
      let failure: Error;
      if (code === OPTED_OUT) {
        user!.status = 'opted_out';
        failure = permanent(ErrorType.RecipientOptedOut, 'recipient opted out at the carrier');
      } else if (typeof code === 'number' && INVALID_RECIPIENT.has(code)) {
        failure = permanent(ErrorType.InvalidRecipient, 'recipient is not a valid mobile number');
      } else if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500 && ![401, 403, 429].includes(httpStatus)) {
        // 401/403 are our credentials (e.g. mid key rotation) and 429 is throttling: retry those.
        failure = permanent(ErrorType.ProviderRejected, `provider rejected the message (HTTP ${httpStatus})`);
      } else {
        // 429, 5xx, network: transient; the row stays 'sending' and the retry settles it.
        logger.warn('sms send failed, will retry', { userId: input.userId, code, httpStatus });
        return err instanceof Error ? err : new Error(String(err));
      }
      await em.flush();
      smsOutbound.inc({ result: 'failed', transport: transport.name });
      logger.warn('sms send failed for good', { userId: input.userId, code, httpStatus });
      return failure;
    }
  }

  return { sendSms };
}
