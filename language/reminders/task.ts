/** The task text left once the time is taken out, and the questions asked back. Pure. */
import { type Lang, monthName } from '../time';
import { type ReminderIntent, WORD_END } from './common';
import { type MonthDay } from './impossible-dates';
import { type FailureReason } from './resolve';

// ---------------------------------------------------------------------------------------
// The task text
// ---------------------------------------------------------------------------------------

const POLITE = "svp|stp|s'il\\s+te\\s+pla[iî]t|s'il\\s+vous\\s+pla[iî]t|please|pls|plz|merci|thanks|thank\\s+you";
const LEADING_NOISE = new RegExp(
  `^(?:[\\s,;:.!?\\-–—]+|(?:de|à|que|pour|et|puis|to|about|that|of|for|and|then|ok|okay|hey|allo|salut|bonjour|hi|hello|${POLITE})(?=[\\s,.!:;]|$)|d'|qu')`,
  'iu',
);
const TRAILING_NOISE = new RegExp(
  `(?:[\\s,;:.!?\\-–—]+|(?<=\\s)(?:à|a|le|de|pour|at|on|to|for|et|and|${POLITE}))$`,
  'iu',
);

/** Drops leftover punctuation and linking words at both ends: " de prendre mes pilules à " → "prendre mes pilules". */
export function tidyTask(text: string): string {
  let task = text.replace(/\s+/g, ' ').replace(/\s+([,.!?;:])/g, '$1').trim();
  for (let previous = ''; previous !== task; ) {
    previous = task;
    task = task.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '').trim();
  }
  return task;
}

// Messages that start like this are conversation, not a task ("je finis à 17h", "j'ai un
// rendez-vous à 15h", "the meeting is at 3").
const NOT_A_TASK_START = new RegExp(
  "^(?:j'|c'|qu'|(?:je|tu|il|elle|on|nous|vous|ils|elles|ça|ca|le|la|les|mon|ma|mes|quoi|quand|comment|" +
    'pourquoi|est-ce|oui|non|bonjour|salut|allo|merci|bonne|bon|i|you|he|she|it|we|they|the|my|what|when|' +
    `how|why|is|are|do|does|yes|no|hi|hello|hey|thanks|good)${WORD_END})`,
  'iu',
);

/** Without a trigger phrase, only "<task> <time>" shaped messages are reminders. */
export function looksLikeBareReminder(message: string, task: string): boolean {
  return !message.includes('?') && /\p{L}{2}/u.test(task) && !NOT_A_TASK_START.test(task);
}

// ---------------------------------------------------------------------------------------
// Questions we ask back
// ---------------------------------------------------------------------------------------

export const QUESTIONS = {
  what: { fr: 'De quoi veux-tu que je te rappelle?', en: 'What should I remind you about?' },
  time: { fr: 'À quelle heure veux-tu que je te le rappelle?', en: 'What time should I remind you?' },
  unread: {
    fr: "Je n'ai pas compris tout le moment. Pour quand veux-tu ce rappel (jour et heure)?",
    en: "I didn't get the whole time. When should I remind you (day and time)?",
  },
  vague: {
    fr: 'Quel jour et à quelle heure veux-tu ce rappel?',
    en: 'Which day and what time should I remind you?',
  },
  past: {
    fr: 'Ce moment est déjà passé. Pour quand veux-tu ce rappel?',
    en: 'That time has already passed. When should I remind you?',
  },
  conflictTimes: {
    fr: "Je vois plus d'une heure dans ton message. À quelle heure veux-tu que je te le rappelle?",
    en: 'I see more than one time in your message. Which time should I use?',
  },
  conflictDays: {
    fr: "Je vois plus d'un jour dans ton message. Quel jour veux-tu?",
    en: 'I see more than one day in your message. Which day do you mean?',
  },
} as const;

export function impossibleDateQuestion(date: MonthDay, lang: Lang): string {
  if (lang === 'fr') return `Le ${date.day} ${monthName(date.month, 'fr')} n'existe pas. Quelle date veux-tu?`;
  return `${monthName(date.month, 'en')} ${date.day} doesn't exist. Which date do you mean?`;
}

export function clarify(language: Lang, question: string, text: string | null): ReminderIntent {
  return { kind: 'clarify', language, question, text: text || null };
}

export function questionFor(reason: FailureReason, lang: Lang): string {
  return QUESTIONS[reason === 'noTime' ? 'time' : reason][lang];
}
