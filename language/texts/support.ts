/**
 * The answers to the moments people need most (language/brain/overwhelm.ts): one short kind line,
 * one tiny next step that works today (a 5-minute reminder, or the list), no shame words. French
 * and English, GSM-7, one SMS each (test/unit/language/texts/support.test.ts).
 */
import type { Lang } from '../time';
import type { Struggle } from '../brain/overwhelm';

const TEXTS: Record<Lang, Record<Struggle, string>> = {
  fr: {
    overwhelmed: 'Ça fait beaucoup, je comprends. On commence petit: une seule chose, 5 minutes. Écris "rappelle-moi dans 5 min de ..." et je te relance.',
    stuck: 'Démarrer, c\'est souvent le plus dur. Juste 5 minutes sur une seule chose. Écris "rappelle-moi dans 5 min de ..." et je te relance.',
    tired: 'Pas d\'énergie? C\'est correct, ces journées-là arrivent. Une toute petite chose, 2 minutes, puis repos. Ou écris "ajoute ..." et je la garde pour plus tard.',
  },
  en: {
    overwhelmed: 'That\'s a lot, I get it. Let\'s start small: one thing, 5 minutes. Text "remind me in 5 min to ..." and I\'ll check in.',
    stuck: 'Starting is often the hardest part. Just 5 minutes on one thing. Text "remind me in 5 min to ..." and I\'ll check in.',
    tired: 'Low energy happens, and that\'s okay. One tiny thing, 2 minutes, then rest. Or text "add ..." and I\'ll keep it for later.',
  },
};

/** The answer to a {@link Struggle}, in the person's language. */
export function supportText(kind: Struggle, lang: Lang): string {
  return TEXTS[lang][kind];
}
