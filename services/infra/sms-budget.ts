import type { Config } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import type { User } from '../../schemas/entities';
import { countSegments } from '../../language/sms/segments';
import { monthlyUsage, monthOf } from '../usage';
import type { Logger } from './logger';
import { smsMetrics } from './sms-metrics';

export type BudgetLevel = 'ok' | 'near' | 'cap';

/** From this share of the monthly budget on, replies are cut to one segment. */
export const NEAR_BUDGET = 0.8;

/** The monthly SMS budget of a user's plan, measured against this month's estimated cost. */
export function createSmsBudget(deps: { orm: Orm; outbound: Config['outbound']; logger: Logger }) {
  return {
    async level(user: User, now = new Date()): Promise<{ level: BudgetLevel; spent: number; budget: number }> {
      // The budget tier follows the account's role (premium and admin: the premium budget): configuration, not code.
      const plan = user.role === 'user' ? 'user' : 'premium';
      const budget = deps.outbound.budgetUsd[plan];
      const [usage] = await monthlyUsage(deps.orm, deps.outbound, { month: monthOf(now), userId: user.id });
      const spent = usage?.estimatedCost ?? 0;
      const level: BudgetLevel = spent >= budget ? 'cap' : spent >= budget * NEAR_BUDGET ? 'near' : 'ok';
      if (level !== 'ok') {
        smsMetrics.budget.inc({ level, plan });
        // The operator's alert: one line per withheld or shortened reply, no phone numbers.
        deps.logger.warn(level === 'cap' ? 'sms budget reached: reply withheld' : 'sms budget nearly reached: reply shortened', {
          userId: user.id, plan, spentUsd: spent, budgetUsd: budget,
        });
      }
      return { level, spent, budget };
    },
  };
}

/** Cuts a reply to one SMS segment at a word boundary ("..." is GSM-7, "…" is not). */
export function shortenToOneSegment(body: string): string {
  if (countSegments(body).segments <= 1) return body;
  const words = body.split(/\s+/);
  while (words.length > 1) {
    words.pop();
    const candidate = `${words.join(' ').replace(/[\s,;:.!?-]+$/, '')}...`;
    if (countSegments(candidate).segments <= 1) return candidate;
  }
  // One giant word: cut by code points.
  let cut = Array.from(body);
  while (cut.length > 0 && countSegments(`${cut.join('')}...`).segments > 1) cut = cut.slice(0, -10);
  return `${cut.join('')}...`;
}
