import { formatClock, type Lang, monthName, weekdayName, zonedParts } from '../time';

/**
 * "quelle heure est-il?" / "what time is it?": the time and the day where the person lives
 * (their zone setting), one short line. "Il est 14 h 05, jeudi le 3 décembre." /
 * "It's 2:05 PM, Thursday, December 3."
 */
export function currentTimeText(now: Date, timezone: string, lang: Lang): string {
  const p = zonedParts(now, timezone);
  const clock = formatClock(p.hour, p.minute, lang);
  const weekday = weekdayName(p.weekday, lang);
  if (lang === 'fr') {
    const day = p.day === 1 ? '1er' : String(p.day);
    return `Il est ${clock}, ${weekday} le ${day} ${monthName(p.month, 'fr')}.`;
  }
  return `It's ${clock}, ${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, ${monthName(p.month, 'en')} ${p.day}.`;
}
