import { describeRecurrence } from '../recurrence';
import { fold } from '../prepare';
import { formatWhen, type Lang } from '../time';

/**
 * Every SMS the reminder feature sends, in French and English. Pure: used by the reminder
 * workflow (fire and nag texts) and by activities (confirmations, lists). Kept short so most
 * fit one segment; no emojis in system messages.
 */

const FR_SWAPS: [RegExp, string][] = [
  [/\bmes\b/gi, 'tes'], [/\bmon\b/gi, 'ton'], [/\bma\b/gi, 'ta'], [/\bm'/gi, "t'"], [/\bme\b/gi, 'te'], [/\bmoi\b/gi, 'toi'],
];
const EN_SWAPS: [RegExp, string][] = [[/\bmy\b/gi, 'your'], [/\bme\b/gi, 'you'], [/\bmyself\b/gi, 'yourself'], [/\bI\b/g, 'you']];

/** "prendre mes médicaments" → "prendre tes médicaments": the assistant speaks to the person. */
export function toSecondPerson(text: string, lang: Lang): string {
  let out = text;
  for (const [pattern, replacement] of lang === 'fr' ? FR_SWAPS : EN_SWAPS) out = out.replace(pattern, replacement);
  return out;
}

/** "de appeler" → "d'appeler": French elides before a vowel or a mute h. */
function deFr(what: string): string {
  return /^[aeiouyhàâäéèêëîïôöûùüœ]/i.test(what) ? `d'${what}` : `de ${what}`;
}

/** Infinitives in -re (the -er / -ir / -oir ones are read from their ending, below). */
const VERBS_RE = /^(?:faire|refaire|prendre|reprendre|apprendre|comprendre|mettre|remettre|envoyer|ecrire|inscrire|lire|relire|dire|rendre|attendre|vendre|boire|suivre|vivre|joindre|rejoindre|repondre|descendre|battre|conduire|traduire|construire|detruire|cuire|plaire|peindre|eteindre|teindre|coudre|moudre|resoudre|croire|rire|sourire|connaitre|reconnaitre|naitre|paraitre|disparaitre|defaire|soumettre|transmettre|permettre|promettre|admettre|commettre|omettre)$/u;
/** Nouns that end like an infinitive ("le loyer", "le souper", "le devoir de maths"). */
const NOUNS_LIKE_VERBS = /^(?:loyer|diner|souper|dejeuner|gouter|dossier|papier|courrier|panier|cahier|clavier|metier|quartier|boucher|plancher|atelier|premier|dernier|foyer|calendrier|fichier|escalier|evier|grenier|sentier|chantier|barbier|cellier|coucher|lever|hiver|cancer|soir|desir|loisir|plaisir|avenir|souvenir|devoir|miroir|tiroir|trottoir|rasoir|couloir|comptoir|espoir|pouvoir|savoir|manoir|dortoir)$/u;

/**
 * What follows "Je te rappelle": an infinitive takes "de" ("d'appeler maman"), a noun phrase
 * none ("ton rendez-vous chez le dentiste", not "de le rendez-vous"), its article made yours
 * ("le rendez-vous" → "ton rendez-vous", "la réunion" → "ta réunion"); "le faire", "l'appeler"
 * (a pronoun before a verb) stay infinitives.
 */
export function rappelFr(what: string): string {
  const m = /^(?:(les|le|la)\s+|(l'))(\p{L}[\p{L}-]*)/iu.exec(what);
  if (m) {
    const next = fold(m[3]!);
    const verb = !NOUNS_LIKE_VERBS.test(next) && (/(?:er|ir|oir)$/u.test(next) || VERBS_RE.test(next));
    if (verb) return deFr(what);
    const article = (m[1] ?? m[2]!).toLowerCase();
    const rest = what.slice(article.length).replace(/^\s+/u, '');
    const mine = article === 'les' ? 'tes' : article === 'la' && !/^[aeiouyhàâäéèêëîïôöûùüœ]/iu.test(rest) ? 'ta' : 'ton';
    return `${mine} ${rest}`;
  }
  if (/^(?:ton|ta|tes|un|une|des|du|au|aux|ce|cet|cette|ces|son|sa|ses|notre|nos|votre|vos|leur|leurs)\s/iu.test(what)) return what;
  if (/^(?:que\s|qu')/iu.test(what)) return what;
  return deFr(what);
}

export interface ReminderSummary {
  text: string;
  dueAt: Date;
  timezone: string;
  rrule: string | null;
}

export function confirmationText(r: ReminderSummary, lang: Lang, now: Date): string {
  const what = toSecondPerson(r.text, lang);
  const when = formatWhen(r.dueAt, r.timezone, lang, now);
  if (r.rrule) {
    const every = describeRecurrence(r.rrule, lang);
    return lang === 'fr'
      ? `OK! Je te rappelle ${rappelFr(what)} ${every} (prochain: ${when}).`
      : `Got it: ${every}, ${what} (next: ${when}).`;
  }
  return lang === 'fr' ? `OK! Je te rappelle ${rappelFr(what)} ${when}.` : `Got it: ${when}, ${what}.`;
}

/** The SMS at the due time; `lateMinutes` > 0 says it comes late (after downtime). */
export function fireText(text: string, lang: Lang, lateMinutes: number): string {
  const what = toSecondPerson(text, lang);
  if (lang === 'fr') {
    const late = lateMinutes > 0 ? ` (en retard de ${formatDelay(lateMinutes, lang)})` : '';
    return `Rappel${late}: ${what}. Réponds OK quand c'est fait, ou 10 min pour reporter.`;
  }
  const late = lateMinutes > 0 ? ` (${formatDelay(lateMinutes, lang)} late)` : '';
  return `Reminder${late}: ${what}. Reply OK when done, or 10 min to snooze.`;
}

/**
 * The nags after a reminder fired: a ladder, not the same SMS again (identical alerts get tuned
 * out). Each rung is worded differently and gently more direct; from the second one on it says
 * how long ago the reminder fired (time blindness), so no two nags of a reminder read the same;
 * the last one offers a way out. Never "missed", never blame. `nag` counts from 1; `total` is
 * the number of nags; `minutesSinceFire` the time since the reminder's first SMS.
 */
export function nagText(text: string, lang: Lang, nag = 1, total = nag, minutesSinceFire = 0): string {
  const what = toSecondPerson(text, lang);
  const ago = formatDelay(Math.max(1, Math.round(minutesSinceFire)), lang);
  const fr = lang === 'fr';
  if (nag <= 1) return fr ? `Toujours à faire: ${what}? Réponds OK quand c'est fait.` : `Still to do: ${what}? Reply OK when done.`;
  if (nag >= total) {
    return fr
      ? `Dernier petit rappel (depuis ${ago}): ${what}. Réponds OK, 10 min, ou annule si ce n'est plus utile. Aucun souci si tu dois le remettre.`
      : `Last nudge (${ago} since the reminder): ${what}. Reply OK, 10 min, or cancel if it no longer matters. No worries if it waits.`;
  }
  const rungs = fr
    ? [
        `Je reviens pour: ${what} (rappel d'il y a ${ago}). Si c'est fait, réponds OK; sinon 10 min te donne du temps.`,
        `On s'y met? ${what}, maintenant si tu peux: juste la première étape (rappel d'il y a ${ago}). OK quand c'est fait.`,
        `Encore là pour toi: ${what} (depuis ${ago}). 2 minutes suffisent pour commencer. Réponds OK ou 10 min.`,
      ]
    : [
        `Checking back: ${what} (reminded ${ago} ago). Reply OK if it's done, or 10 min for more time.`,
        `Let's do it now if you can: ${what}, just the first step (reminded ${ago} ago). OK when it's done.`,
        `Still here for you: ${what} (${ago} since the reminder). Two minutes is enough to start. Reply OK or 10 min.`,
      ];
  return rungs[(nag - 2) % rungs.length]!;
}

export function formatDelay(minutes: number, lang: Lang): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'fr') return m ? `${h} h ${m}` : `${h} h`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export const ackText = (lang: Lang) => (lang === 'fr' ? "Bravo! C'est noté." : 'Nice! Marked as done.');
/** "Rappel annulé." / "Reminder cancelled."; with the task, it names what was cancelled: "Annulé: sortir le chien." */
export function cancelledText(lang: Lang, text?: string): string {
  if (text) return lang === 'fr' ? `Annulé: ${toSecondPerson(text, lang)}.` : `Cancelled: ${toSecondPerson(text, lang)}.`;
  return lang === 'fr' ? 'Rappel annulé.' : 'Reminder cancelled.';
}
export const snoozedText = (until: Date, tz: string, lang: Lang, now: Date) =>
  lang === 'fr' ? `OK, je te le rappelle ${formatWhen(until, tz, lang, now)}.` : `OK, I'll remind you ${formatWhen(until, tz, lang, now)}.`;
export const alreadyClosedText = (lang: Lang) =>
  lang === 'fr' ? 'Ce rappel est déjà terminé.' : 'That reminder is already closed.';
export const noSuchReminderText = (index: number, lang: Lang) =>
  lang === 'fr' ? `Je ne trouve pas de rappel no ${index}. Écris "mes rappels" pour la liste.` : `There's no reminder #${index}. Text "my reminders" for the list.`;
export const movedText = (r: ReminderSummary, lang: Lang, now: Date) =>
  lang === 'fr'
    ? `OK, "${toSecondPerson(r.text, lang)}" est déplacé à ${formatWhen(r.dueAt, r.timezone, lang, now)}.`
    : `OK, "${toSecondPerson(r.text, lang)}" moved to ${formatWhen(r.dueAt, r.timezone, lang, now)}.`;

/** Numbered list of upcoming reminders, the numbers being what "annule 2" refers to. */
export function listText(reminders: ReminderSummary[], lang: Lang, now: Date): string {
  if (reminders.length === 0) return lang === 'fr' ? "Tu n'as aucun rappel prévu." : 'You have no upcoming reminders.';
  const lines = reminders.map((r, i) => {
    const every = r.rrule ? ` (${describeRecurrence(r.rrule, lang)})` : '';
    return `${i + 1}. ${toSecondPerson(r.text, lang)} - ${formatWhen(r.dueAt, r.timezone, lang, now)}${every}`;
  });
  return `${lang === 'fr' ? 'Tes rappels' : 'Your reminders'}:\n${lines.join('\n')}`;
}
