import { countSegments } from '../sms/segments';
import { formatClock, type Lang, zonedParts } from '../time';

/**
 * The daily check-in SMS, morning and evening. Pure (no clock, no I/O): the activity gathers
 * the data, these builders cut it to two GSM-7 segments at most.
 */
export interface CheckinEvent {
  title: string;
  /** ISO instant, or null for an all-day event. */
  start: string | null;
}

export interface MorningData {
  events: CheckinEvent[];
  /** Reminders due today, in time order. */
  reminders: { text: string; dueAt: Date }[];
  /** The first open tasks of the list (top 3). */
  tasks: string[];
  /** False when no calendar is connected: the morning SMS doesn't pretend the day is empty. */
  calendarConnected: boolean;
  timezone: string;
}

export interface EveningData {
  /** Tasks completed and reminders acknowledged today. */
  done: string[];
  /** Reminders missed today and tasks still open that were due (top few). */
  slipped: string[];
}

const MAX_UNITS = 306;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 3)}...` : text);
const fits = (text: string) => countSegments(text).units <= MAX_UNITS;

/** Joins lines, dropping whole items from the end of each list until the SMS fits two segments. */
function fitted(build: (keep: number) => string[], total: number): string {
  for (let keep = total; keep >= 0; keep -= 1) {
    const text = build(keep).join('\n');
    if (fits(text) || keep === 0) return text;
  }
  return build(0).join('\n');
}

export function morningText(data: MorningData, lang: Lang): string {
  const fr = lang === 'fr';
  const clock = (iso: string) => {
    const p = zonedParts(new Date(iso), data.timezone);
    return formatClock(p.hour, p.minute, lang);
  };
  const events = data.events.map((e) => `${e.start ? clock(e.start) : fr ? 'journée' : 'all day'} ${cut(e.title, 50)}`);
  const reminders = data.reminders.map((r) => {
    const p = zonedParts(r.dueAt, data.timezone);
    return `${formatClock(p.hour, p.minute, lang)} ${cut(r.text, 50)}`;
  });
  const tasks = data.tasks.slice(0, 3).map((t) => cut(t, 40));
  if (events.length === 0 && reminders.length === 0 && tasks.length === 0) {
    return fr
      ? "Bon matin! Rien de prévu aujourd'hui. Choisis une petite chose de 5 minutes et écris-la-moi: je la note."
      : 'Good morning! Nothing planned today. Pick one small 5-minute thing and text it to me: I will note it.';
  }
  const items = [...events.map((e) => ['e', e] as const), ...reminders.map((r) => ['r', r] as const), ...tasks.map((t) => ['t', t] as const)];
  return fitted((keep) => {
    const kept = items.slice(0, keep);
    const of = (kind: 'e' | 'r' | 't') => kept.filter(([k]) => k === kind).map(([, v]) => v);
    const dropped = items.length - kept.length;
    const lines = [fr ? "Bon matin! Ta journée:" : 'Good morning! Your day:'];
    if (of('e').length) lines.push(`${fr ? 'Agenda' : 'Calendar'}: ${of('e').join('; ')}`);
    else if (data.calendarConnected && events.length === 0) lines.push(fr ? 'Agenda: rien.' : 'Calendar: nothing.');
    if (of('r').length) lines.push(`${fr ? 'Rappels' : 'Reminders'}: ${of('r').join('; ')}`);
    if (of('t').length) lines.push(`${fr ? 'Top 3' : 'Top 3'}: ${of('t').map((t, i) => `${i + 1}. ${t}`).join(' ')}`);
    if (dropped > 0) lines.push(fr ? `(+${dropped} autre${dropped > 1 ? 's' : ''})` : `(+${dropped} more)`);
    lines.push(fr ? 'Commence par la plus petite.' : 'Start with the smallest one.');
    return lines;
  }, items.length);
}

export function eveningText(data: EveningData, lang: Lang): string {
  const fr = lang === 'fr';
  const question = fr ? 'Quelle est LA chose la plus importante pour demain?' : 'What is the ONE most important thing for tomorrow?';
  const done = data.done.map((d) => cut(d, 40));
  const slipped = data.slipped.map((s) => cut(s, 40));
  const total = done.length + slipped.length;
  return fitted((keep) => {
    const keptDone = done.slice(0, Math.min(done.length, keep));
    const keptSlipped = slipped.slice(0, Math.max(0, keep - keptDone.length));
    const lines = [fr ? 'Bilan du soir.' : 'Evening wrap-up.'];
    if (done.length === 0) lines.push(fr ? "Fait: rien de coché, et c'est correct." : "Done: nothing checked off, and that's okay.");
    else lines.push(`${fr ? 'Fait' : 'Done'}: ${keptDone.join('; ')}${keptDone.length < done.length ? ` (+${done.length - keptDone.length})` : ''}${fr ? '. Bravo!' : '. Well done!'}`);
    if (slipped.length > 0) {
      lines.push(`${fr ? 'Reporté' : 'Slipped'}: ${keptSlipped.join('; ')}${keptSlipped.length < slipped.length ? ` (+${slipped.length - keptSlipped.length})` : ''}`);
    }
    lines.push(question);
    return lines;
  }, total);
}
