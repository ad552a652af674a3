/**
 * Phrase table: the moments people need most. "je suis débordé", "chu pas capable de m'y mettre",
 * "j'ai pas d'énergie", "I'm overwhelmed", "I can't get started", "I keep procrastinating": no
 * tool, one short kind line and one tiny next step (language/texts/support.ts), never "didn't
 * understand". Whole-message patterns on the folded message (lower case, no accents), so a
 * sentence that only contains the words ("mon frère est débordé", "débordé de joie") is not one.
 * Pure.
 */
import { type Prepared, prepared } from '../prepare';
import { type Lang } from '../time';
import { whole } from './phrases';

/** Too much at once; can't start (procrastination, stuck); no energy left. */
export type Struggle = 'overwhelmed' | 'stuck' | 'tired';

// "je suis", Québec "chu", "chus", "j'suis", "jsuis", or nothing ("débordé!").
const IAM_FR = "(?:(?:je suis|j'suis|jsuis|chu|chus|ch'suis|suis|je me sens|j'me sens|jme sens|je me sent) )?";
const SO_FR = '(?:(?:tellement|trop|vraiment|full|super|mega|tres|completement|encore|un peu|assez|rendu) )?';
const WHEN_FR = "(?: (?:ces temps[- ]ci|cette semaine|aujourd'hui|aujourdhui|ajd|en ce moment|au travail|au bureau|a la job|a l'ecole|avec tout|avec toute|de ce temps[- ]ci|ce matin|ce soir|encore))?";
const IAM_EN = "(?:(?:i'm|im|i am|i feel|feeling|i'm feeling|im feeling|i am feeling|i've been|ive been|i been) )?";
const SO_EN = '(?:(?:so|really|very|super|totally|completely|a bit|kinda|kind of|pretty|too|just|still) )?';
const WHEN_EN = '(?: (?:today|right now|lately|this week|at work|again|with everything|rn))?';
const NOT_ABLE_FR =
  "(?:(?:je (?:ne )?suis|chu|chus|j'suis|jsuis) pas capable|(?:je )?(?:n'arrive|arrive) pas|j'arrive pas|jarrive pas|j'y arrive pas|je (?:ne )?reussis pas|j'reussis pas|je (?:ne )?peux pas|j'peux pas|chu pu capable|je suis pu capable)";

const RULES: Array<{ kind: Struggle; lang: Lang; pattern: RegExp }> = [
  // ---- French, Québec French --------------------------------------------------------------
  {
    kind: 'overwhelmed',
    lang: 'fr',
    pattern: whole(`${IAM_FR}${SO_FR}(?:deborde|debordee|debordes|debordees|depasse|depassee|submerge|submergee|noye|noyee|dans le jus|sous l'eau|a boutte|a bout|overwhelmed)${WHEN_FR}`),
  },
  { kind: 'overwhelmed', lang: 'fr', pattern: whole(`(?:j'ai|jai|g) (?:beaucoup |vraiment |tellement |)trop (?:de choses|d'affaires|de trucs|de stock|de travail|de job) (?:a faire|a gerer)?${WHEN_FR}`) },
  { kind: 'overwhelmed', lang: 'fr', pattern: whole("(?:je (?:ne )?sais|j'sais|jsais|chais|sais) (?:pas|pu|plus) (?:ou donner de la tete|par ou commencer|par quoi commencer|ou commencer)") },
  { kind: 'overwhelmed', lang: 'fr', pattern: whole("(?:c'est|cest|c) (?:trop|beaucoup trop|juste trop)(?: pour moi)?") },
  {
    kind: 'stuck',
    lang: 'fr',
    pattern: whole(`${NOT_ABLE_FR} (?:a |de )?(?:m'y mettre|me mettre|m'y mettre|m'y metttre|commencer|demarrer|me motiver|me concentrer|m'concentrer|me lancer|m'lancer|me mettre au travail|me mettre a la tache|partir)${WHEN_FR}`),
  },
  {
    kind: 'stuck',
    lang: 'fr',
    pattern: whole(`(?:je|j'|j') ?(?:procrastine|remets tout a plus tard|repousse tout|tourne en rond|niaise)(?: (?:encore|toujours|depuis ce matin|depuis des heures|toute la journee))?${WHEN_FR}`),
  },
  { kind: 'stuck', lang: 'fr', pattern: whole(`${IAM_FR}${SO_FR}(?:bloque|bloquee|paralyse|paralysee|figee?|en procrastination)${WHEN_FR}`) },
  {
    kind: 'tired',
    lang: 'fr',
    pattern: whole(`(?:j'ai|jai|g) (?:pas|pu|plus|aucune|zero|0|pas une miette) (?:d'|de |)(?:energie|jus|motivation|gaz|force)${WHEN_FR}`),
  },
  { kind: 'tired', lang: 'fr', pattern: whole(`(?:pas|pu|plus|aucune|zero) (?:d'|de )?(?:energie|motivation)${WHEN_FR}`) },
  { kind: 'tired', lang: 'fr', pattern: whole(`${IAM_FR}${SO_FR}(?:epuise|epuisee|brule|brulee|vide|videe|creve|crevee|fatigue|fatiguee|mort|morte|a plat)${WHEN_FR}`) },
  // ---- English -------------------------------------------------------------------------------
  { kind: 'overwhelmed', lang: 'en', pattern: whole(`${IAM_EN}${SO_EN}(?:overwhelmed|swamped|drowning|underwater|overloaded|snowed under|in over my head)${WHEN_EN}`) },
  { kind: 'overwhelmed', lang: 'en', pattern: whole(`(?:i have|i've got|ive got|i got|there's|theres) (?:way |so much |far )?too much (?:to do|going on|on my plate|stuff to do)${WHEN_EN}`) },
  { kind: 'overwhelmed', lang: 'en', pattern: whole("(?:it's|its|this is) (?:too much|all too much|a lot)(?: for me)?|i (?:don't|dont|do not) know where to (?:start|begin)") },
  {
    kind: 'stuck',
    lang: 'en',
    pattern: whole(`i (?:can't|cant|cannot|can not|just can't|just cant|couldn't) (?:get started|get myself to start|start|begin|focus|concentrate|get going|get anything done|do anything|get to work|make myself start|motivate myself)${WHEN_EN}`),
  },
  { kind: 'stuck', lang: 'en', pattern: whole(`${IAM_EN}(?:keep |been |always |still )?(?:procrastinating|putting (?:it|everything|things) off|stuck|frozen|paralyzed|spinning my wheels)${WHEN_EN}`) },
  { kind: 'stuck', lang: 'en', pattern: whole(`i (?:keep|always) (?:procrastinating|putting (?:it|everything|things) off)${WHEN_EN}|i procrastinate(?: (?:a lot|so much|too much))?`) },
  { kind: 'tired', lang: 'en', pattern: whole(`(?:i have |i've got |ive got |i got )?(?:no|zero|0) (?:energy|motivation)(?: left)?${WHEN_EN}|i (?:don't|dont) have (?:any )?(?:energy|motivation)(?: left)?${WHEN_EN}`) },
  { kind: 'tired', lang: 'en', pattern: whole(`${IAM_EN}${SO_EN}(?:exhausted|burnt out|burned out|drained|wiped|wiped out|tired|worn out|out of energy|running on empty|fried)${WHEN_EN}`) },
];

/** Said with "de joie", "with joy": the same words, not a struggle. */
const HAPPY = /\b(?:de joie|de bonheur|d'amour|with joy|with happiness|with love|with gratitude|in a good way)\b/u;

/** The struggle a whole message names, and its language; null for anything else. */
export function detectStruggle(message: string | Prepared, fallback: Lang = 'fr'): { kind: Struggle; language: Lang } | null {
  const u = prepared(message, fallback);
  if (HAPPY.test(u.folded)) return null;
  const text = u.folded.replace(/^(?:ah|ugh|pfff*|argh|ouf|bof|man|bon|ben|lol|omg|oh|honnetement|honestly|franchement|tbh)[ ,!.]+/u, '').replace(/[ ,!.]+(?:lol|ugh|pfff*|argh)$/u, '');
  for (const { kind, lang, pattern } of RULES) if (pattern.test(text)) return { kind, language: lang };
  return null;
}
