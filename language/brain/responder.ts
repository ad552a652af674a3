import type { Lang } from '../time';
import { type Prepared, prepared } from '../prepare';
import { type HintTool, type SmallTalk, detectHint, detectSmallTalk } from './intents';

/**
 * The offline responder: help, greetings and small talk, usage hints, and a plain "didn't
 * understand" that says what the assistant can do, in the person's language. Every text is
 * short, GSM-7 (é è à ù are; ç ê â î ô û, curly quotes and emojis are not) and emoji-free.
 */
export type Command = 'help' | 'start' | 'stop' | null;

type Texts = Record<'help' | 'start' | 'notUnderstood' | 'tooLong' | 'cancelNothing' | 'ok', string> &
  Record<SmallTalk, string> &
  Record<`hint.${HintTool}`, string>;

const TEXTS: Record<Lang, Texts> = {
  fr: {
    help:
      'Assistant TDAH. Essaie: "rappelle-moi de ... à 18h", "retiens que ...", "ajoute à ma liste: ...", "mon plan". ' +
      'STOP pour te désabonner, START pour revenir.',
    start: 'Re-bonjour! Tu recevras de nouveau mes messages. Réponds STOP pour te désabonner.',
    notUnderstood: 'Désolé, je n\'ai pas compris. Essaie: "rappelle-moi de ... à 18h", "retiens que ...", "ajoute à ma liste: ...", "mon plan". AIDE pour plus.',
    tooLong: 'Ton message est long! Envoie une demande à la fois, par exemple: "rappelle-moi de ... à 18h" ou "ajoute à ma liste: ...".',
    cancelNothing: 'OK, on laisse tomber.',
    ok: "D'accord!",
    greeting: 'Salut! Je peux te rappeler des choses, retenir des infos, tenir ta liste et planifier ta journée. Écris AIDE pour des exemples.',
    thanks: 'Avec plaisir!',
    howAreYou: 'Bien, merci! Dis-moi si je peux aider: un rappel, une info à retenir, ta liste ou ton plan.',
    capabilities:
      'Je peux te rappeler des choses, retenir des infos ("retiens que ..."), tenir ta liste ("ajoute à ma liste: ...") et planifier ta journée ("mon plan").',
    bye: 'A plus! Écris-moi quand tu veux.',
    emoji: 'Je lis seulement les mots. Dis-moi ce dont tu as besoin: un rappel, une info à retenir, ta liste ou ton plan.',
    'hint.addTask': 'Dis-moi quoi ajouter, par exemple: "ajoute à ma liste: acheter du lait".',
    'hint.remember': 'Dis-moi quoi retenir, par exemple: "retiens que le code de mon casier est 4821".',
    'hint.forget': 'Dis-moi quoi oublier, par exemple: "oublie le code de mon casier".',
    'hint.breakdownTask': 'Dis-moi quoi découper en étapes, par exemple: "décompose: faire le ménage".',
    'hint.completeTask': 'Quel numéro? Par exemple: "fait 2". Écris "ma liste" pour voir les numéros.',
    'hint.removeTask': 'Pour enlever une chose de ta liste, écris "fait" et son numéro, par exemple: "fait 2".',
  },
  en: {
    help:
      'Assistant TDAH. Try: "remind me to ... at 6pm", "remember that ...", "add to my list: ...", "my list", "plan my day". ' +
      'STOP to end, START to resume.',
    start: "Welcome back! You'll get my messages again. Reply STOP to end.",
    notUnderstood: 'Sorry, I didn\'t get that. Try: "remind me to ... at 6pm", "remember that ...", "add to my list: ...", "plan my day". HELP for more.',
    tooLong: 'That\'s a long message! Send one request at a time, like "remind me to ... at 6pm" or "add to my list: ...".',
    cancelNothing: 'OK, never mind.',
    ok: 'Okay!',
    greeting: "Hi! I can remind you of things, remember facts, keep your to-do list and plan your day. Text HELP for examples.",
    thanks: "You're welcome!",
    howAreYou: "Good, thanks! Tell me if I can help: a reminder, something to remember, your list or your plan.",
    capabilities:
      'I can remind you of things, remember facts ("remember that ..."), keep your list ("add to my list: ...") and plan your day ("plan my day").',
    bye: 'Bye! Text me anytime.',
    emoji: 'I only read words. Tell me what you need: a reminder, something to remember, your list or your plan.',
    'hint.addTask': 'Tell me what to add, for example: "add to my list: renew passport".',
    'hint.remember': 'Tell me what to remember, for example: "remember that my bike lock combo is 7309".',
    'hint.forget': 'Tell me what to forget, for example: "forget my bike lock combo".',
    'hint.breakdownTask': 'Tell me which task to break down, for example: "break down: do my taxes".',
    'hint.completeTask': 'Which number? For example: "done 2". Text "my list" to see the numbers.',
    'hint.removeTask': 'To take a task off your list, text "done" and its number, for example: "done 2".',
  },
};

/** Bilingual help, for callers that do not know the person's language. */
export const HELP_TEXT = `${TEXTS.fr.help} / ${TEXTS.en.help}`;

/** The system texts of the offline brain (see {@link TEXTS}). */
export function offlineText(key: keyof Texts, lang: Lang): string {
  return TEXTS[lang][key];
}

/** Past this length a message that is not a request gets the "one request at a time" answer. */
export const LONG_MESSAGE = 320;

/** HELP in the language of the keyword ("AIDE" is French), else in the person's. */
function helpLanguage(u: Prepared, userLanguage: Lang): Lang {
  const word = u.whole.replace(/[^a-z]/g, '');
  if (word === 'aide') return 'fr';
  if (word === 'help') return 'en';
  return userLanguage;
}

/**
 * The answer when no tool applies, and its language: HELP and START, greetings and small talk,
 * a usage example for a tool word said alone, and otherwise "didn't understand" with examples
 * (or "one request at a time" for a long message). Null only for STOP, which is never answered.
 */
export function offlineAnswer(message: string | Prepared, command: Command, userLanguage: Lang): { text: string; language: Lang } | null {
  if (command === 'stop') return null;
  const u = prepared(message, userLanguage);
  if (command === 'help') return answer('help', helpLanguage(u, userLanguage));
  const lang = u.language;
  if (command === 'start') return answer('start', lang);
  const talk = detectSmallTalk(u);
  if (talk) return answer(talk.kind, talk.language ?? lang);
  const hint = detectHint(u);
  if (hint) return answer(`hint.${hint.tool}`, hint.language);
  return answer(u.raw.length > LONG_MESSAGE ? 'tooLong' : 'notUnderstood', lang);
}

function answer(key: keyof Texts, language: Lang): { text: string; language: Lang } {
  return { text: TEXTS[language][key], language };
}

/** The text of {@link offlineAnswer}. */
export function offlineReply(body: string | Prepared, command: Command, userLanguage: Lang): string | null {
  return offlineAnswer(body, command, userLanguage)?.text ?? null;
}
