import type { Language } from '../../schemas/entities';

/**
 * The small offline responder of the foundation: greets, helps, and says plainly when it did
 * not understand, in the person's language. The brain (Gemini + offline intent parser) grows
 * behind the same `composeReply` activity.
 */
export type Command = 'help' | 'start' | 'stop' | null;

const GREETING = /^(bonjour|bonsoir|salut|allo|allô|coucou|hello|hi|hey|good (morning|evening|afternoon)|yo)\b/i;
const ENGLISH_HINT = /\b(the|and|what|how|can|you|please|my|is|are|remind|hello|hi|hey|thanks?)\b/i;
const FRENCH_HINT = /\b(le|la|les|et|est|je|tu|mon|ma|mes|peux|quoi|comment|merci|bonjour|salut|rappelle|à|ça)\b|[éèêàçù]/i;

/** The message's language when it says so clearly, else the person's default. */
export function guessLanguage(body: string, fallback: Language): Language {
  const en = ENGLISH_HINT.test(body);
  const fr = FRENCH_HINT.test(body);
  if (en && !fr) return 'en';
  if (fr && !en) return 'fr';
  return fallback;
}

export const HELP_TEXT =
  "Assistant TDAH: écris-moi en français ou en anglais. STOP pour arrêter, START pour reprendre. / Text me in French or English. STOP to end, START to resume.";

export function offlineReply(body: string, command: Command, userLanguage: Language): string | null {
  if (command === 'stop') return null;
  if (command === 'help') return HELP_TEXT;
  const lang = guessLanguage(body, userLanguage);
  if (command === 'start') {
    return lang === 'fr'
      ? 'Re-bonjour! Tu recevras de nouveau mes messages. Réponds STOP pour arrêter.'
      : "Welcome back! You'll get my messages again. Reply STOP to end.";
  }
  if (GREETING.test(body.trim())) {
    return lang === 'fr'
      ? 'Salut! Je suis ton assistant. Dis-moi ce que tu veux que je retienne ou te rappeler.'
      : "Hi! I'm your assistant. Tell me what you'd like me to remember or remind you about.";
  }
  return lang === 'fr'
    ? "Désolé, je n'ai pas compris. Écris AIDE pour voir ce que je sais faire."
    : "Sorry, I didn't get that. Text HELP to see what I can do.";
}
