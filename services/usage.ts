import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Orm } from '../schemas/db';
import { Message, PhoneNumber, User } from '../schemas/entities';

/** One user's SMS usage and estimated cost over one calendar month (UTC). */
export interface Usage {
  userId: string;
  phone: string;
  month: string;
  messagesIn: number;
  messagesOut: number;
  segmentsIn: number;
  segmentsOut: number;
  /** Outbound messages that failed or were undelivered (send refused, or a status callback said so). */
  failed: number;
  /** Numbers held at any time in the month (bought by the saga, or the one set by hand): each billed a full month. */
  numbers: number;
  /** USD: (segmentsIn + segmentsOut) × SMS_PRICE_PER_SEGMENT_USD + numbers × NUMBER_PRICE_PER_MONTH_USD. */
  estimatedCost: number;
}

export interface Prices {
  pricePerSegmentUsd: number;
  numberPricePerMonthUsd: number;
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function monthOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export function monthRange(month: string): { start: Date; end: Date } {
  if (!MONTH.test(month)) throw new Error(`month must be YYYY-MM, got ${month}`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
}

const round = (usd: number) => Math.round(usd * 10_000) / 10_000;

/**
 * Usage per user for `month`, from the messages table (segments as counted at send / receipt;
 * an outbound message counts once the provider accepted it) and the numbers table. Aggregated
 * in SQL, so the budget check on every send stays cheap.
 */
export async function monthlyUsage(orm: Orm, prices: Prices, opts: { month: string; userId?: string }): Promise<Usage[]> {
  const { start, end } = monthRange(opts.month);
  const em = orm.em.fork() as unknown as SqlEntityManager;
  const users = await em.find(User, opts.userId ? { id: opts.userId } : {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  if (users.length === 0) return [];

  const qb = em
    .createQueryBuilder(Message, 'm')
    .select([
      'm.user',
      'm.direction',
      raw('count(case when m.direction = ? or m.twilio_sid is not null then 1 end) as messages', ['inbound']),
      raw('sum(case when m.direction = ? or m.twilio_sid is not null then m.segments else 0 end) as segments', ['inbound']),
      raw("count(case when m.status in ('failed', 'undelivered') then 1 end) as failed"),
    ])
    .where({ createdAt: { $gte: start, $lt: end }, ...(opts.userId ? { user: opts.userId } : {}) })
    .groupBy(['m.user', 'm.direction']);
  const rows: { user_id?: string; user?: string; direction: string; messages: unknown; segments: unknown; failed: unknown }[] =
    await qb.execute('all', false);

  const numbers = await em.find(PhoneNumber, {
    purchasedAt: { $lt: end },
    $or: [{ releasedAt: null }, { releasedAt: { $gte: start } }],
    ...(opts.userId ? { userId: opts.userId } : {}),
  });

  return users.map((u) => {
    const mine = rows.filter((r) => (r.user_id ?? r.user) === u.id);
    const pick = (dir: string) => mine.find((r) => r.direction === dir);
    const inbound = pick('inbound');
    const outbound = pick('outbound');
    const segmentsIn = Number(inbound?.segments ?? 0);
    const segmentsOut = Number(outbound?.segments ?? 0);
    const bought = numbers.filter((n) => n.userId === u.id);
    // A number set by hand (`user add --number`) is rented too, just not bought by the saga.
    const byHand = u.deliveryFlag !== 'number_released' && !bought.some((n) => n.phoneNumber === u.assistantNumber) ? 1 : 0;
    const held = bought.length + byHand;
    return {
      userId: u.id,
      phone: u.phone,
      month: opts.month,
      messagesIn: Number(inbound?.messages ?? 0),
      messagesOut: Number(outbound?.messages ?? 0),
      segmentsIn,
      segmentsOut,
      failed: Number(outbound?.failed ?? 0),
      numbers: held,
      estimatedCost: round((segmentsIn + segmentsOut) * prices.pricePerSegmentUsd + held * prices.numberPricePerMonthUsd),
    };
  });
}
