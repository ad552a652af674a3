import { ApplicationFailure } from '@temporalio/common';
import { UniqueConstraintViolationException, ref, type EntityManager } from '@mikro-orm/core';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { Message, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { toGsmFriendly } from '../language/sms/gsm';
import { countSegments } from '../language/sms/segments';
import type { Logger } from './infra/logger';
import { smsOutbound, smsOutboundSegments } from './infra/metrics';
import { createMemoryLimiter, type OutboundLimiter } from './infra/outbound-limiter';
import { createSmsBudget, shortenToOneSegment } from './infra/sms-budget';
import { smsMetrics } from './infra/sms-metrics';
import type { SmsTransport } from './infra/sms-transport';

export interface SmsSenderDeps {
  orm: Orm;
  transport: SmsTransport;
  publicBaseUrl: string;
  logger: Logger;
  /** Per-number pacing; default: in-process at 1 segment/s. */
  limiter?: OutboundLimiter;
  /** Prices and budgets; without it no budget applies. */
  outbound?: Config['outbound'];
  /** How long an unanswered request may still become a message at the provider (default SEND_SETTLE_MS). */
  settleMs?: number;
}

/** What a send is for: the monthly budget withholds replies first, never reminders or carrier-keyword answers. */
export type SmsKind = 'reply' | 'reminder' | 'carrier' | 'system';

export interface SendSmsInput {
  userId: string;
  body: string;
  /** Deterministic per logical send (e.g. `reply:<inbound sid>`): a retry finds the first attempt's row. */
  idempotencyKey: string;
  /** Defaults from the key: `reminder:` → reminder, `reply:` → reply, else system. */
  kind?: SmsKind;
}

/** A send as the sender takes it: the activity's input, plus what only code outside workflows may ask. */
export interface SmsSendRequest extends SendSmsInput {
  /**
   * A one-time secret (a sign-in code): its row only lives while the send is in flight, then is
   * deleted whatever the outcome, so the code is never kept in the messages table. The caller
   * gives such a send a key of its own (e.g. `mfa:<challengeId>`) and never retries it: a new
   * attempt is a new code.
   */
  secret?: boolean;
}

/**
 * What a send may need from where it runs: an activity passes its heartbeat and its cancellable
 * sleep (a paced send can wait up to MAX_INLINE_WAIT_MS); elsewhere (the api) plain timers.
 */
export interface SendHooks {
  heartbeat?: () => void;
  sleep?: (ms: number) => Promise<void>;
}

export type SendSmsResult =
  | { status: 'sent'; sid: string; segments: number }
  | { status: 'skipped'; reason: 'opted_out' | 'budget' | 'no_number' };

/** Twilio error codes that no retry can fix. */
const OPTED_OUT = 21610;
const INVALID_RECIPIENT = new Set([21211, 21614]);
/** Waits for a number's slot longer than this become a Temporal retry at the slot time (the activity timeout is 30 s). */
export const MAX_INLINE_WAIT_MS = 20_000;
/**
 * A request that got no answer (timeout, reset) may still be turned into a message by the
 * provider a little later: an overloaded edge can process it after our 10 s client timeout. A
 * retry asks the provider what was sent only once this long has passed since that attempt left,
 * so it does not miss a message still on its way and text twice.
 */
export const SEND_SETTLE_MS = 30_000;

/**
 * How far before an attempt's start (our clock) a message it created may be dated (Twilio's
 * clock, whole seconds). Earlier messages with the same body are someone else's send.
 */
export const CLOCK_SLACK_MS = 2000;

/**
 * The message an ambiguous attempt created at the provider, if any. Matching the body alone is
 * not enough: a person often gets the same text twice ("OK, c'est noté"), and taking the earlier
 * one for this attempt means this reply is never sent. So a candidate must have been created
 * after this attempt left (minus clock slack) and must not already be another row's message.
 * Nothing in the provider's record carries our key (Twilio's Message resource does not return the
 * StatusCallback URL), so those two facts are what tie a message to this row.
 */
async function sentByThisAttempt(em: EntityManager, user: User, row: Message, attemptedAt: Date, transport: SmsTransport) {
  const candidates = await transport.findSent(
    { to: user.phone, from: user.assistantNumber, body: row.body },
    new Date(attemptedAt.getTime() - CLOCK_SLACK_MS),
  );
  if (candidates.length === 0) return null;
  const claimed = await em.find(Message, { twilioSid: { $in: candidates.map((c) => c.sid) } });
  const taken = new Set(claimed.map((m) => m.twilioSid));
  return candidates.find((c) => !taken.has(c.sid)) ?? null;
}

const kindOf = (input: SendSmsInput): SmsKind =>
  input.kind ?? (input.idempotencyKey.startsWith('reminder:') ? 'reminder' : input.idempotencyKey.startsWith('reply:') ? 'reply' : 'system');

export interface SmsSender {
  /** The transport's name ('twilio' or 'outbox'), for start-up logs. */
  readonly transport: SmsTransport['name'];
  send(input: SmsSendRequest, hooks?: SendHooks): Promise<SendSmsResult>;
}

/**
 * The one SMS sender of a process (the worker's activities, the api's sign-in codes): exactly
 * once per idempotency key, paced per sending number, and within the monthly budget.
 */
export function createSmsSender(deps: SmsSenderDeps): SmsSender {
  const { orm, transport, logger } = deps;
  const statusCallback = `${deps.publicBaseUrl}/webhooks/twilio/status`;
  const limiter = deps.limiter ?? createMemoryLimiter(deps.outbound?.segmentsPerSecond ?? 1);
  const settleMs = deps.settleMs ?? SEND_SETTLE_MS;
  const budget = deps.outbound ? createSmsBudget({ orm, outbound: deps.outbound, logger }) : null;

  /** Waits for this message's slot on its sending number, heartbeating; a long wait becomes a retry at the slot time. */
  async function pace(from: string, key: string, segments: number, hooks: SendHooks): Promise<void> {
    const waitMs = await limiter.reserve(from, key, segments);
    if (waitMs > MAX_INLINE_WAIT_MS) {
      // The slot stays reserved under the idempotency key: the retry finds it and waits the rest.
      throw ApplicationFailure.create({
        message: `number busy: slot in ${waitMs} ms`, type: 'RateLimited', nextRetryDelay: waitMs - MAX_INLINE_WAIT_MS / 2,
      });
    }
    const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const wait = async (ms: number) => {
      smsMetrics.pacedSeconds.inc(ms / 1000);
      const until = Date.now() + ms;
      for (let left = ms; left > 0; left = until - Date.now()) {
        const step = Math.min(left, 5000);
        hooks.heartbeat?.();
        await sleep(step);
      }
    };
    if (waitMs > 0) await wait(waitMs);
    // The slot has come; if the previous send on this number left late, keep the spacing anyway.
    for (let more = await limiter.claim(from, segments); more > 0; more = await limiter.claim(from, segments)) await wait(more);
  }

  /**
   * Sends one SMS from the user's assistant number to their phone, exactly once per
   * idempotency key: the row is written before the provider is called, so a retry either
   * finds the sid (done), or finds a row without one and asks the provider before resending.
   * Paced per sending number; replies obey the monthly budget of the user's plan.
   */
  async function send(input: SmsSendRequest, hooks: SendHooks = {}): Promise<SendSmsResult> {
    if (!input.secret) return sendOnce(input, hooks);
    try {
      return await sendOnce(input, hooks);
    } finally {
      await orm.em.fork().nativeDelete(Message, { idempotencyKey: input.idempotencyKey });
    }
  }

  async function sendOnce(input: SmsSendRequest, hooks: SendHooks): Promise<SendSmsResult> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    if (user.status === 'opted_out') return { status: 'skipped', reason: 'opted_out' };
    // The operator released this user's number: there is nothing to send from.
    if (user.deliveryFlag === 'number_released') return { status: 'skipped', reason: 'no_number' };

    let row = await em.findOne(Message, { idempotencyKey: input.idempotencyKey });
    if (row?.twilioSid) return { status: 'sent', sid: row.twilioSid, segments: row.segments };
    if (row) {
      const settleLeft = row.sendAttemptedAt ? row.sendAttemptedAt.getTime() + settleMs - Date.now() : 0;
      if (settleLeft > 0) {
        throw ApplicationFailure.create({ message: `previous attempt unanswered; asking the provider in ${settleLeft} ms`, type: 'SendSettling', nextRetryDelay: settleLeft });
      }
      // No attempt time: no request can have reached the provider (it never left, or the provider
      // answered "no"), so there is nothing to look for; above all not a same-text earlier message.
      const earlier = row.sendAttemptedAt ? await sentByThisAttempt(em, user, row, row.sendAttemptedAt, transport) : null;
      if (earlier) return record(row, earlier.sid, earlier.status);
      await pace(user.assistantNumber, input.idempotencyKey, row.segments, hooks);
    } else {
      let body = user.gsmFriendly ? toGsmFriendly(input.body) : input.body;
      if (budget && kindOf(input) === 'reply') {
        const { level } = await budget.level(user);
        if (level === 'cap') return { status: 'skipped', reason: 'budget' };
        if (level === 'near') body = shortenToOneSegment(body);
      }
      const { segments, encoding } = countSegments(body);
      row = new Message({ user: ref(user), direction: 'outbound', body, status: 'sending', idempotencyKey: input.idempotencyKey, segments, encoding });
      try {
        await em.persistAndFlush(row);
      } catch (err) {
        // A concurrent attempt of the same send won the insert: let Temporal retry and find it.
        if (err instanceof UniqueConstraintViolationException) throw new Error('concurrent send in progress');
        throw err;
      }
      // Paced after the row write, so the slot is when the request leaves (a long wait becomes a retry; no request left, so it sends without a look-up).
      await pace(user.assistantNumber, input.idempotencyKey, segments, hooks);
    }

    // From here until the provider answers, the outcome is unknown (see SEND_SETTLE_MS).
    row.sendAttemptedAt = new Date();
    await em.flush();
    try {
      const sms = { to: user.phone, from: user.assistantNumber, body: row.body };
      // A secret's row is gone by the time the provider reports on it: nothing to call back about.
      const callback = transport.name === 'twilio' && !input.secret ? statusCallback : null;
      const sent = await transport.send({ ...sms, statusCallback: callback });
      return await record(row, sent.sid, sent.status);
    } catch (err) {
      throw await classify(row, err);
    }

    async function record(message: Message, sid: string, status: string): Promise<SendSmsResult> {
      message.twilioSid = sid;
      message.sendAttemptedAt = null;
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
        message.errorCode = typeof code === 'number' ? code : null;
        message.error = `${String(code ?? httpStatus)}: ${text}`.slice(0, 500);
        smsMetrics.deliveryFailures.inc({ status: 'failed', code: String(code ?? httpStatus) });
        return ApplicationFailure.nonRetryable(text, type, { code });
      };
      let failure: Error;
      if (code === OPTED_OUT) {
        user!.status = 'opted_out';
        failure = permanent(ErrorType.RecipientOptedOut, 'recipient opted out at the carrier');
      } else if (typeof code === 'number' && INVALID_RECIPIENT.has(code)) {
        // Flagged for the operator (user list shows it): the phone on file cannot receive SMS.
        user!.deliveryFlag = `invalid_recipient:${code}`;
        failure = permanent(ErrorType.InvalidRecipient, 'recipient is not a valid mobile number');
      } else if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500 && ![401, 403, 429].includes(httpStatus)) {
        // 401/403 are our credentials (e.g. mid key rotation) and 429 (20429) is throttling: retry those.
        failure = permanent(ErrorType.ProviderRejected, `provider rejected the message (HTTP ${httpStatus})`);
      } else {
        // 429, 5xx, network: transient; the row stays 'sending' and the retry (with backoff) settles it.
        // An answer from the provider (or a refused connection) means nothing was created: no need to
        // wait before the retry; a timeout or reset keeps the attempt open (SEND_SETTLE_MS).
        if (typeof httpStatus === 'number' || code === 'ECONNREFUSED') {
          message.sendAttemptedAt = null;
          await em.flush();
        }
        logger.warn('sms send failed, will retry', { userId: input.userId, code, httpStatus });
        return err instanceof Error ? err : new Error(String(err));
      }
      message.sendAttemptedAt = null;
      await em.flush();
      smsOutbound.inc({ result: 'failed', transport: transport.name });
      logger.warn('sms send failed for good', { userId: input.userId, code, httpStatus });
      return failure;
    }
  }

  return { transport: transport.name, send };
}
