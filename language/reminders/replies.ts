/**
 * Short replies to a reminder that was just sent ("ok c fait", "10 min", "annule"), and the
 * reminder commands ("mes rappels", "annule 2", "déplace 2 à 18h").
 *
 * Pure and deterministic (no I/O, never reads the wall clock): usable from workflow code.
 */
import { detectLanguage, type Prepared, prepared } from '../prepare';
import { type ParseContext, parseDelayMinutes, parseWhen } from './parser';
import { addCalendarDays, localToUtc, zonedParts } from '../time';

/** What a short reply asks for. */
export type ReminderReply =
  | { kind: 'ack' }
  | { kind: 'snooze'; until: Date }
  | { kind: 'cancel' }
  | { kind: 'list' }
  | { kind: 'cancelIndex'; index: number }
  | { kind: 'moveIndex'; index: number; dueAt: Date }
  | null;

/** "snooze" with no length. */
const SNOOZE_MINUTES = 10;
/** "plus tard", "later", "tantôt", "pas maintenant": all the vague "later" words. */
const LATER_MINUTES = 30;

const MINUTE_MS = 60_000;

const END_PUNCTUATION = /[\s.!?,;:]+$/u;
const ASK_PREFIX = /^(?:rappelle[-\s]?moi|remind me|snooze|encore|reporte|reporter|repousse|push it|postpone)(?:\s+(?:ça|ca|le|it|that))?\s*/u;

const LIST = new RegExp(
  '^(?:' +
    "(?:quels?\\s+sont\\s+|c'est\\s+quoi\\s+|montre[-\\s]moi\\s+|affiche\\s+|voir\\s+|liste\\s+)?" +
    '(?:la\\s+)?(?:liste\\s+(?:de|des)\\s+)?(?:tous\\s+)?(?:mes\\s+)?rappels(?:\\s+(?:actifs|en\\s+cours|à\\s+venir))?' +
    '|(?:what\\s+are\\s+|show\\s+(?:me\\s+)?|list\\s+|see\\s+)?(?:all\\s+)?(?:my\\s+)?reminders|liste|list' +
    ')$',
  'u',
);

const INDEX_WORDS = '(?:le\\s+|la\\s+|no\\.?\\s*|n°\\s*|num[ée]ro\\s+|number\\s+|rappel\\s+|reminder\\s+|#)*';
const CANCEL_INDEX = new RegExp(
  `^(?:annule|annuler|annules|supprime|supprimer|efface|effacer|enl[eè]ve|retire|cancel|delete|remove)\\s+${INDEX_WORDS}(\\d{1,3})$`,
  'u',
);
const MOVE_INDEX = new RegExp(
  '^(?:d[ée]place|d[ée]placer|reporte|reporter|d[ée]cale|d[ée]caler|change|changer|move|reschedule|push|postpone)\\s+' +
    `${INDEX_WORDS}(\\d{1,3})\\s+(.+)$`,
  'u',
);
const CANCEL = new RegExp(
  '^(?:' +
    "annule(?:r|s)?(?:[-\\s](?:le|la|ça|ca))?(?:\\s+(?:ce|le)\\s+rappel)?|annulé|supprime(?:[-\\s]le)?|efface(?:[-\\s]le)?|" +
    'laisse\\s+(?:faire|tomber)|oublie\\s+(?:ça|ca)|' +
    'cancel(?:\\s+(?:it|that|this|the\\s+reminder|this\\s+reminder))?|delete\\s+(?:it|that|this)|never\\s*mind|forget\\s+it' +
    ')$',
  'u',
);
const LATER = new RegExp(
  "^(?:un\\s+peu\\s+)?(?:plus\\s+tard|later|tant[oô]t|tout\\s+à\\s+l'heure|in\\s+a\\s+(?:bit|while)|" +
    'pas\\s+(?:maintenant|tout\\s+de\\s+suite|tout\\s+suite)|not\\s+(?:now|yet|right\\s+now))$',
  'u',
);
const TOMORROW = /^(?:(?:à|a|pour|to|until|till)\s+)?(?:demain|tomorrow)$/u;

const ACK_WORDS = new Set(
  (
    "ok okay oki okok k kk d'accord daccord dac parfait super merci thanks thank you thx ty fait faite fais " +
    "c cé c'est cest c'était déjà deja fini finie terminé terminée termine done did it i got yes oui yep yup " +
    'yeah ouais bien all set good great cool nice top noté note reçu recu compris pris prises taken took ' +
    'bon beau correct'
  ).split(' '),
);
const ACK_EMOJI = /^(?:\p{Extended_Pictographic}|\uFE0F|\u200D|\p{Emoji_Modifier}|\s)+$/u;
const ACK_EMOJI_LIST = ['👍', '✅', '✔', '👌', '🙏', '☑', '💪', '🆗'];

function isAck(text: string): boolean {
  if (text === '') return false;
  if (ACK_EMOJI.test(text)) return ACK_EMOJI_LIST.some((emoji) => text.includes(emoji));
  const withoutEmoji = text.replace(/\p{Extended_Pictographic}|\uFE0F/gu, ' ');
  const tokens = withoutEmoji.split(/[\s,.!;:]+/u).filter(Boolean);
  return tokens.length > 0 && tokens.every((token) => ACK_WORDS.has(token));
}

type ReplyContext = ParseContext & { dueAt?: Date };

/** "demain" alone: same local clock time as the reminder (or as now), tomorrow. */
function tomorrowSameTime(ctx: ReplyContext): Date {
  const reference = zonedParts(ctx.dueAt ?? ctx.now, ctx.timezone);
  const today = zonedParts(ctx.now, ctx.timezone);
  const day = addCalendarDays(today, 1);
  return localToUtc({ ...day, hour: reference.hour, minute: reference.minute }, ctx.timezone);
}

function plusMinutes(ctx: ReplyContext, minutes: number): Date {
  return new Date(ctx.now.getTime() + minutes * MINUTE_MS);
}

/** A time given on its own ("à 18h", "demain 9h", "ce soir"): nothing else may be left over. */
function wholeTime(text: string, ctx: ReplyContext): Date | null {
  const when = parseWhen(text, ctx, detectLanguage(text, ctx.language));
  return when && when.remainder === '' ? when.dueAt : null;
}

function classifySnooze(text: string, ctx: ReplyContext): ReminderReply {
  if (text === 'snooze') return { kind: 'snooze', until: plusMinutes(ctx, SNOOZE_MINUTES) };
  const snoozeCount = /^snooze\s+(\d{1,3})$/u.exec(text);
  if (snoozeCount) return { kind: 'snooze', until: plusMinutes(ctx, Number(snoozeCount[1])) };
  const asked = text.replace(ASK_PREFIX, '').trim();
  if (LATER.test(asked)) return { kind: 'snooze', until: plusMinutes(ctx, LATER_MINUTES) };
  if (TOMORROW.test(asked)) return { kind: 'snooze', until: tomorrowSameTime(ctx) };
  const minutes = parseDelayMinutes(asked);
  if (minutes !== null) return { kind: 'snooze', until: plusMinutes(ctx, minutes) };
  const until = asked === '' ? null : wholeTime(asked, ctx);
  return until ? { kind: 'snooze', until } : null;
}

/**
 * Classifies a short reply to an open reminder, or a reminder command; null when it is
 * neither (the message is then handled as ordinary conversation).
 *
 * - ack: "OK", "fait", "c'est fait", "Ok c fait", "done", "👍"...
 * - snooze: "snooze" +10 min; "plus tard"/"later"/"tantôt"/"pas maintenant" +30 min;
 *   "10 min", "dans 1h", "+15" add that delay; "demain" alone is tomorrow at the reminder's
 *   local clock time (`ctx.dueAt`, else the current one); any other lone time ("à 18h",
 *   "demain matin") is that time, resolved like {@link parseReminder} does.
 * - cancel: "annule", "annuler", "cancel" (never "stop": that is the carrier opt-out word).
 * - list: "mes rappels", "liste de rappels", "my reminders", "what are my reminders".
 * - cancelIndex / moveIndex: "annule 2", "cancel 2", "déplace 2 à 18h", "move 2 to 6pm",
 *   "reporte le 2 à demain 9h" (null when the new time cannot be read).
 */
export function classifyReminderReply(message: string | Prepared, ctx: ReplyContext): ReminderReply {
  const u = prepared(message, ctx.language);
  // Lower case with its accents: the phrases below spell both ("déplace", "d[ée]place").
  const whole = u.clean.toLowerCase().replace(END_PUNCTUATION, '');
  if (whole === '') return null;
  if (isAck(whole)) return { kind: 'ack' };
  const text = u.text.toLowerCase();
  if (text === '') return null;

  if (LIST.test(text)) return { kind: 'list' };
  const cancelIndex = CANCEL_INDEX.exec(text);
  if (cancelIndex) return { kind: 'cancelIndex', index: Number(cancelIndex[1]) };
  const moveIndex = MOVE_INDEX.exec(text);
  if (moveIndex) {
    const dueAt = wholeTime(moveIndex[2]!, ctx);
    return dueAt ? { kind: 'moveIndex', index: Number(moveIndex[1]), dueAt } : null;
  }
  if (CANCEL.test(text)) return { kind: 'cancel' };
  return classifySnooze(text, ctx);
}
