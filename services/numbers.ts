import { ApplicationFailure } from '@temporalio/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Twilio } from 'twilio';
import type { Orm } from '../schemas/db';
import { findUserByPhone, PhoneNumber, User, type Language } from '../schemas/entities';
import { ProvisioningError } from '../schemas/errors';
import { areaCodesToTry } from './area-codes';
import type { Logger } from './infra/logger';

export interface NumberServiceDeps {
  orm: Orm;
  logger: Logger;
  publicBaseUrl: string;
  /** null without Twilio credentials: provisioning is refused (the outbox has no numbers to sell). */
  twilio: Twilio | null;
  coolingOffDays: number;
}

export interface HeldNumber {
  phoneNumber: string;
  sid: string;
  status: PhoneNumber['status'];
}

/** A new user the saga creates when it assigns the number (`user add --provision`). */
export interface Signup {
  phone: string;
  timezone: string;
  language: Language;
}

const DAY = 86_400_000;
/** The FriendlyName names the user: a purchase whose answer was lost is found again by it. */
export const friendlyName = (userId: string) => `assistant:${userId}`;
const codeOf = (err: unknown) => (err as { code?: unknown }).code;
const statusOf = (err: unknown) => (err as { status?: unknown }).status;

/** A 4xx other than our credentials (401/403) and throttling (429) is final. */
function rethrow(err: unknown, what: string): never {
  const status = statusOf(err);
  if (typeof status === 'number' && status >= 400 && status < 500 && ![401, 403, 429].includes(status)) {
    throw ApplicationFailure.nonRetryable(`${what}: Twilio ${String(codeOf(err))} (HTTP ${status})`, ProvisioningError.NumberProviderRejected);
  }
  throw err instanceof Error ? err : new Error(String(err));
}

/**
 * Dedicated numbers, bought from Twilio for one user each (the provisioning saga's steps, the
 * operator's release): every step idempotent, every purchase found again before buying twice.
 */
export function createNumberService(deps: NumberServiceDeps) {
  const { orm, logger } = deps;
  const client = (): Twilio => {
    if (!deps.twilio) {
      throw ApplicationFailure.nonRetryable(
        'number provisioning needs Twilio credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN); without them add users with --number',
        ProvisioningError.ProvisioningUnavailable,
      );
    }
    return deps.twilio;
  };

  function toHeld(n: PhoneNumber): HeldNumber {
    return { phoneNumber: n.phoneNumber, sid: n.twilioSid, status: n.status };
  }

  /** The idempotency record: the number bought for this user and not released, if any. */
  async function findHeld(input: { userId: string }): Promise<HeldNumber | null> {
    const n = await orm.em.fork().findOne(PhoneNumber, { holderKey: input.userId });
    return n ? toHeld(n) : null;
  }

  /**
   * SMS-capable local numbers in the area code, else in its neighbours (overlays first). Skips
   * numbers we released less than NUMBER_COOLING_OFF_DAYS ago and numbers still on a user's file.
   */
  async function searchAvailable(input: { areaCode: string; country: string }): Promise<{ areaCode: string; candidates: string[] }> {
    const twilio = client();
    const em = orm.em.fork();
    for (const areaCode of areaCodesToTry(input.areaCode)) {
      let found: string[];
      try {
        const list = await twilio.availablePhoneNumbers(input.country).local.list({ areaCode: Number(areaCode), smsEnabled: true, limit: 20 });
        // Twilio spells the capability "SMS" in this resource; the SDK's type says "sms".
        const sms = (n: { capabilities?: unknown }) => (n.capabilities as Record<string, unknown> | undefined)?.SMS ?? (n.capabilities as Record<string, unknown> | undefined)?.sms;
        found = list.filter((n) => sms(n) !== false).map((n) => n.phoneNumber);
      } catch (err) {
        if (codeOf(err) === 21452) continue; // "no phone numbers found" in this area code
        rethrow(err, `search in ${areaCode}`);
      }
      if (found.length === 0) continue;
      const since = new Date(Date.now() - deps.coolingOffDays * DAY);
      const cooling = await em.find(PhoneNumber, { phoneNumber: { $in: found }, releasedAt: { $gte: since } });
      const onFile = await em.find(User, { assistantNumber: { $in: found } });
      const blocked = new Set([...cooling.map((n) => n.phoneNumber), ...onFile.map((u) => u.assistantNumber)]);
      const candidates = found.filter((n) => !blocked.has(n));
      if (candidates.length) return { areaCode, candidates };
      logger.info('every available number is cooling off', { areaCode, found: found.length });
    }
    throw ApplicationFailure.nonRetryable(`no SMS-capable number available in ${input.areaCode} or nearby`, ProvisioningError.NoNumberAvailable);
  }

  /**
   * Buys one of the candidates for the user, exactly once: an earlier purchase is found first in
   * our table, then at Twilio by FriendlyName (an answer lost to a crash), before buying anything.
   * 21422 (number no longer available) moves on to the next candidate.
   */
  async function buy(input: { userId: string; areaCode: string; candidates: string[] }): Promise<HeldNumber> {
    const twilio = client();
    const em = orm.em.fork();
    const held = await em.findOne(PhoneNumber, { holderKey: input.userId });
    if (held) return toHeld(held);
    const record = async (phoneNumber: string, sid: string) => {
      const row = new PhoneNumber({ phoneNumber, twilioSid: sid, userId: input.userId, holderKey: input.userId, areaCode: input.areaCode });
      await em.persistAndFlush(row);
      logger.info('number bought', { userId: input.userId, sid, areaCode: input.areaCode });
      return toHeld(row);
    };
    const earlier = await twilio.incomingPhoneNumbers.list({ friendlyName: friendlyName(input.userId), limit: 5 }).catch((e: unknown) => rethrow(e, 'lookup'));
    const mine = earlier.find((n) => n.friendlyName === friendlyName(input.userId));
    if (mine) return record(mine.phoneNumber, mine.sid);

    for (const phoneNumber of input.candidates) {
      try {
        const bought = await twilio.incomingPhoneNumbers.create({
          phoneNumber,
          smsUrl: `${deps.publicBaseUrl}/webhooks/twilio/sms`,
          smsMethod: 'POST',
          statusCallback: `${deps.publicBaseUrl}/webhooks/twilio/status`,
          statusCallbackMethod: 'POST',
          friendlyName: friendlyName(input.userId),
        });
        return await record(bought.phoneNumber, bought.sid);
      } catch (err) {
        if (codeOf(err) === 21422) continue; // bought by someone else since the search
        rethrow(err, 'purchase');
      }
    }
    throw ApplicationFailure.nonRetryable('every candidate number was taken meanwhile', ProvisioningError.NoNumberAvailable);
  }

  /**
   * Gives the number to the user: creates the user (signup) or switches an existing user to it.
   * Returns the number the user had before (null for a new user), for the compensation.
   */
  async function assign(input: { userId: string; numberSid: string; signup?: Signup }): Promise<{ previousNumber: string | null; created: boolean }> {
    const em = orm.em.fork();
    const number = await em.findOneOrFail(PhoneNumber, { twilioSid: input.numberSid });
    let user = await em.findOne(User, { id: input.userId });
    const conflict = (why: string) => ApplicationFailure.nonRetryable(why, ProvisioningError.AssignmentConflict);
    // A retry after the commit: the user was created by this saga iff created after the purchase.
    if (user?.assistantNumber === number.phoneNumber) return { previousNumber: null, created: user.createdAt >= number.purchasedAt };
    if (!user && !input.signup) throw conflict(`no user ${input.userId}`);
    const created = !user;
    const previousNumber = user?.assistantNumber ?? null;
    if (!user) {
      user = new User({ phone: input.signup!.phone, assistantNumber: number.phoneNumber, timezone: input.signup!.timezone, language: input.signup!.language });
      user.id = input.userId;
      em.persist(user);
    } else {
      user.assistantNumber = number.phoneNumber;
      user.deliveryFlag = null;
    }
    number.status = 'assigned';
    number.assignedAt = new Date();
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw conflict('the phone is already a user, or the number is on another user\'s file');
      throw err;
    }
    logger.info('number assigned', { userId: input.userId, sid: input.numberSid, created });
    return { previousNumber, created };
  }

  /** Compensation of assign: a user the saga created is removed; an existing one gets their old number back. */
  async function unassign(input: { userId: string; numberSid: string; previousNumber: string | null; created: boolean }): Promise<void> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    const number = await em.findOne(PhoneNumber, { twilioSid: input.numberSid });
    if (number && number.status === 'assigned') number.status = 'purchased';
    if (user && user.assistantNumber === number?.phoneNumber) {
      if (input.created) em.remove(user);
      else if (input.previousNumber) user.assistantNumber = input.previousNumber;
      else user.deliveryFlag = 'number_released';
    }
    await em.flush();
  }

  /** Gives the number back to Twilio (DELETE; already gone is fine) and starts its cooling-off. */
  async function release(input: { numberSid: string; reason: string }): Promise<void> {
    const twilio = client();
    try {
      await twilio.incomingPhoneNumbers(input.numberSid).remove();
    } catch (err) {
      if (statusOf(err) !== 404) rethrow(err, 'release');
    }
    const em = orm.em.fork();
    const number = await em.findOne(PhoneNumber, { twilioSid: input.numberSid });
    if (number && number.status !== 'released') {
      number.status = 'released';
      number.holderKey = null;
      number.releasedAt = new Date();
      number.releaseReason = input.reason.slice(0, 200);
      const holder = await em.findOne(User, { assistantNumber: number.phoneNumber });
      if (holder) holder.deliveryFlag = 'number_released';
      await em.flush();
    }
    logger.warn('number released', { sid: input.numberSid, reason: input.reason });
  }

  /** Every number ever bought, oldest first (operator views). */
  async function list(): Promise<PhoneNumber[]> {
    return orm.em.fork().find(PhoneNumber, {}, { orderBy: { purchasedAt: 'asc', id: 'asc' } });
  }

  /** The number not yet released with this phone number, or the one held by the user with this phone. */
  async function findActive(phone: string): Promise<PhoneNumber | null> {
    const em = orm.em.fork();
    const number = await em.findOne(PhoneNumber, { phoneNumber: phone, status: { $ne: 'released' } });
    if (number) return number;
    const user = await findUserByPhone(em, phone);
    return user ? em.findOne(PhoneNumber, { holderKey: user.id }) : null;
  }

  return { findHeld, searchAvailable, buy, assign, unassign, release, list, findActive };
}

export type NumberService = ReturnType<typeof createNumberService>;
