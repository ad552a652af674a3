/**
 * Deadlines: "avant vendredi", "d'ici le 15 mai", "au plus tard le 15 mai", "pour le 31 mai au
 * plus tard", "avant la fin du mois", "before Thursday 5pm", "by Friday", "no later than May 15",
 * "due May 31". The time expression itself is chrono's; these words around it make it the
 * moment the task is due, and the reminder then comes ahead of it (resolve.ts: 09:00 the day
 * before, or 09:00 the day itself when that is still ahead of both now and the deadline). Pure.
 */
import { type Parser } from 'chrono-node';
import { daysInMonth } from '../time';
import { type Span, words } from './common';
import { dateComponents, referenceDate } from './chrono-helpers';

const MARKER_BEFORE =
  /(?:^|[\s,])((?:avant|before|by|no\s+later\s+than|not\s+later\s+than|au\s+plus\s+tard|d'ici|date\s+limite|(?:it's\s+|it\s+is\s+)?due(?:\s+on)?)\s+(?:(?:le|la|l'|the|ce|cette|this|on|[àa])\s+)*)$/iu;
const MARKER_AFTER = /^\s*,?\s*au\s+plus\s+tard(?![\p{L}])/iu;

/** "avant" / "before" exclude the day named; "d'ici", "au plus tard", "by", "due" include it. */
const EXCLUSIVE = /^(?:avant|before)/iu;

export interface DeadlineWords extends Span {
  /** The task may still be done on the day named ("by Friday"), not only before it. */
  inclusive: boolean;
}

/** The span of a deadline's words around a time expression, or null when it is not one. */
export function deadlineAround(text: string, span: Span): DeadlineWords | null {
  const before = MARKER_BEFORE.exec(text.slice(0, span.index));
  const after = MARKER_AFTER.exec(text.slice(span.index + span.length));
  if (!before && !after) return null;
  const index = before ? span.index - before[1]!.length : span.index;
  const end = span.index + span.length + (after ? after[0].length : 0);
  return { index, length: end - index, inclusive: Boolean(after) || !EXCLUSIVE.test(before?.[1] ?? '') };
}

/** "la fin du mois", "the end of the month": the last day of this month. */
export const endOfMonthParser: Parser = {
  pattern: () => words("(?:la\\s+)?fin\\s+du\\s+mois|(?:the\\s+)?end\\s+of\\s+(?:the|this)\\s+month"),
  extract: (context) => {
    const today = referenceDate(context);
    return dateComponents(context, { ...today, day: daysInMonth(today.year, today.month) });
  },
};
