/**
 * Offline intents of the integrations and the daily check-in (FR, QC, EN): check-in times and
 * on/off, connecting an account, the calendar of a day, a new event, a note to Notion, a video,
 * a task sync, reminders before events on/off. Same method as intents.ts: whole-message
 * patterns on the folded text, arguments cut from the message as written. Pure: the clock and zone come in as arguments.
 */
import type { IntegrationToolCall, ProviderId } from '../../workflows/lib/integration-calls';
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { CLOCK, CLOCK_RANGE, hhmm, readClock, readLooseClock } from '../clock';
import { addCalendarDays, type Lang, localToUtc, zonedParts } from '../time';
import { type Prepared, prepared } from '../prepare';
import { tidyArgument, type Utterance } from './intents';

/** A registry-only activity run by name (the Notion picker). */
type ExternalCall = Extract<ToolCall, { tool: 'external' }>;

export interface IntegrationIntent {
  call: IntegrationToolCall | ExternalCall;
  language: Lang;
}

interface Context {
  now: Date;
  timezone: string;
}

const re = (source: string) => new RegExp(`^(?:${source})$`, 'du');
const PLEASE = "(?:(?:peux[- ]tu|tu peux|pourrais[- ]tu|can you|could you|please) )?";

/** "7h30", "7 h 30", "19h", "7:30", "7:30am", "9pm", "21 h", "midi" → "HH:mm" (language/clock.ts). */
function clockOf(m: RegExpExecArray, offset: number): { time: string; meridiem: boolean } | null {
  const clock = readClock(m, offset - 1);
  return clock ? { time: hhmm(clock.hour, clock.minute), meridiem: clock.meridiem !== null } : null;
}

// ---- check-in -----------------------------------------------------------------------------

const CHECKIN_FR = "(?:check-?in|checkin|bilan|bilans|point|resume)";
const CHECKIN_EN = '(?:check-?ins?|checkins?|wrap-?ups?|daily check-?ins?|briefing)';
const SLOT_FR = '(?: (?:du|de) (matin|soir)| (quotidiens?|de la journee|journalier))?';
const SLOT_EN = '(?:(morning|evening|night) )?';
const slotOf = (word: string | undefined): 'morning' | 'evening' | null =>
  word === 'matin' || word === 'morning' ? 'morning' : word === 'soir' || word === 'evening' || word === 'night' ? 'evening' : null;

const STOP_FR = re(`${PLEASE}(?:arrete|arreter|stoppe|stop|annule|desactive|coupe|enleve|supprime|plus de|pas de|fini les?|j'veux plus de|je veux plus de?)(?: (?:le|les|mon|mes|ton|tes))? ${CHECKIN_FR}${SLOT_FR}`);
const STOP_EN = re(`${PLEASE}(?:stop|cancel|turn off|disable|pause|no more)(?: (?:the|my|your))? ${SLOT_EN}${CHECKIN_EN}`);
const RESUME_FR = re(`${PLEASE}(?:reprends|reprend|reprendre|remets|remet|reactive|rallume|recommence|relance)(?: (?:le|les|mon|mes))? ${CHECKIN_FR}${SLOT_FR}`);
const RESUME_EN = re(`${PLEASE}(?:resume|restart|turn on|enable|start)(?: (?:the|my|your))? ${SLOT_EN}${CHECKIN_EN}(?: again)?`);
const AT_FR = re(
  `${PLEASE}(?:(?:mets|met|change|deplace|place|fixe|programme)(?: (?:le|mon|ton|les|mes))? )?${CHECKIN_FR}${SLOT_FR}(?: (?:a|pour|vers))? (?:${CLOCK})(?: (?:le matin|du matin|le soir|du soir))?`,
);
const AT_EN = re(`${PLEASE}(?:(?:set|move|change|put)(?: (?:the|my))? )?${SLOT_EN}${CHECKIN_EN}(?: (?:at|to|for))? (?:${CLOCK})`);

function checkin(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language, enabled] of [[STOP_FR, 'fr', false], [STOP_EN, 'en', false], [RESUME_FR, 'fr', true], [RESUME_EN, 'en', true]] as const) {
    const m = pattern.exec(u.folded);
    if (!m) continue;
    // "bilan quotidien/de la journée" names both slots.
    return { call: { tool: 'setCheckin', slot: slotOf(m[1]), time: null, enabled }, language };
  }
  for (const [pattern, language] of [[AT_FR, 'fr'], [AT_EN, 'en']] as const) {
    const m = pattern.exec(u.folded);
    if (!m) continue;
    const offset = language === 'fr' ? 3 : 2;
    const clock = clockOf(m, offset);
    if (!clock) return null;
    let { time } = clock;
    const slot = slotOf(m[1]);
    // "bilan du soir à 9h" means 21:00; "check-in à 7h30 du soir" too.
    if ((slot === 'evening' || / (?:le|du) soir$/u.test(u.folded)) && Number(time.slice(0, 2)) < 12 && !clock.meridiem) {
      time = `${String(Number(time.slice(0, 2)) + 12).padStart(2, '0')}${time.slice(2)}`;
    }
    return { call: { tool: 'setCheckin', slot, time, enabled: true }, language };
  }
  return null;
}

// ---- connect ------------------------------------------------------------------------------

const PROVIDER_WORDS = "(?:mon |ma |mes |my |the |le |la )?(?:(?:calendrier|agenda|compte|calendar|account|taches|tasks|to-?do|liste) )?(google|gmail|outlook|microsoft|office 365|hotmail|notion)(?: (?:calendar|agenda|calendrier|tasks|to-?do|account))?";
const CONNECT_FR = re(`${PLEASE}(?:connecte|connecter|relie|relier|lie|branche|brancher|synchronise|ajoute|reconnecte|reconnecter)(?:[- ]moi)? ${PROVIDER_WORDS}`);
const CONNECT_EN = re(`${PLEASE}(?:connect|link|hook up|add|reconnect)(?: to)? ${PROVIDER_WORDS}`);

function providerOf(word: string): ProviderId {
  if (word === 'notion') return 'notion';
  return word === 'google' || word === 'gmail' ? 'google' : 'microsoft';
}

function connect(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language] of [[CONNECT_FR, 'fr'], [CONNECT_EN, 'en']] as const) {
    const m = pattern.exec(u.folded);
    if (m?.[1]) return { call: { tool: 'connectProvider', provider: providerOf(m[1]) }, language };
  }
  return null;
}

// ---- agenda -------------------------------------------------------------------------------

const DAY_FR = "(aujourd'hui|aujourdhui|demain)";
const DAY_EN = '(today|tomorrow)';
/**
 * Only phrasings with a calendar word: "qu'est-ce que j'ai aujourd'hui / demain?" without one are
 * the day plan's (language/brain/plan.ts), which has the calendars' events, the reminders and the list.
 */
const AGENDA_RULES: Array<[RegExp, Lang]> = [
  [re(`(?:qu'?est[- ]ce que |qu'est ce que )?j'ai (?:a l'agenda |dans mon (?:agenda|calendrier) )${DAY_FR}`), 'fr'],
  [re(`(?:qu'?est[- ]ce que |qu'est ce que )?j'ai (?:quoi |de prevu )?${DAY_FR} (?:a l'agenda|(?:dans|a|sur) mon (?:agenda|calendrier))`), 'fr'],
  [re(`(?:(?:c'est )?quoi |montre[- ]moi |donne[- ]moi )?(?:mon |l')(?:agenda|calendrier)(?: (?:de|d'|pour))? ?${DAY_FR}`), 'fr'],
  [re(`(?:qu'?est[- ]ce qu'il y a|qu'y a-t-il|y'a quoi|ya quoi) (?:dans|a) mon (?:agenda|calendrier) ${DAY_FR}`), 'fr'],
  [re(`(?:what's |whats |what is |show me )?(?:on )?(?:my |the )?calendar (?:for )?${DAY_EN}`), 'en'],
  [re(`(?:what's |whats |what is )on my calendar(?: for)? ${DAY_EN}`), 'en'],
  [re(`(?:what's |whats |what is )?(?:my |the )?agenda (?:for )?(tomorrow)`), 'en'],
  [re(`(tomorrow)(?:'s)? (?:agenda|calendar)`), 'en'],
];

function agenda(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language] of AGENDA_RULES) {
    const m = pattern.exec(u.folded);
    if (m) return { call: { tool: 'agenda', day: m[1] === 'demain' || m[1] === 'tomorrow' ? 'tomorrow' : 'today' }, language };
  }
  return null;
}

// ---- createEvent --------------------------------------------------------------------------

const WEEKDAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
const DAY_WORD = "(aujourd'hui|demain|today|tomorrow|dimanche|lundi|mardi|mercredi|jeudi|vendredi|samedi|sunday|monday|tuesday|wednesday|thursday|friday|saturday)";
const RANGE = CLOCK_RANGE;
const BLOCK_FR = '(?:bloque|bloquer|reserve|reserver|cedule|ajoute a mon (?:agenda|calendrier)|mets dans mon (?:agenda|calendrier)|mets a mon agenda)';
const BLOCK_EN = '(?:block|book|schedule|add to my calendar|put on my calendar)';
const EVENT_RULES: Array<[RegExp, Lang, 'range-title-day' | 'day-range-title']> = [
  [re(`${PLEASE}${BLOCK_FR}(?: de)? ${RANGE} (?:pour|:) (.+?)(?: (?:le |ce )?${DAY_WORD})?`), 'fr', 'range-title-day'],
  [re(`${PLEASE}${BLOCK_FR} (?:le |ce )?${DAY_WORD}(?: de)? ${RANGE} (?:pour|:) (.+)`), 'fr', 'day-range-title'],
  [re(`${PLEASE}${BLOCK_EN}(?: time)?(?: from)? ${RANGE} (?:for|:) (.+?)(?: (?:on |this )?${DAY_WORD})?`), 'en', 'range-title-day'],
  [re(`${PLEASE}${BLOCK_EN}(?: time)?(?: on| this)? ${DAY_WORD}(?: from)? ${RANGE} (?:for|:) (.+)`), 'en', 'day-range-title'],
];

function createEvent(u: Utterance, ctx: Context): IntegrationIntent | null {
  for (const [pattern, language, shape] of EVENT_RULES) {
    const m = pattern.exec(u.folded);
    if (!m) continue;
    const range = shape === 'range-title-day' ? 1 : 2;
    const titleGroup = shape === 'range-title-day' ? 7 : 8;
    const dayGroup = shape === 'range-title-day' ? 8 : 1;
    const start = readLooseClock(m[range], m[range + 1], m[range + 2], m[range + 5]);
    const end = readLooseClock(m[range + 3], m[range + 4], m[range + 5]);
    const span = m.indices?.[titleGroup];
    if (!start || !end || !span) return null;
    const title = tidyArgument(u.text.slice(span[0], span[1]));
    if (!title) return null;
    const today = zonedParts(ctx.now, ctx.timezone);
    const word = m[dayGroup];
    let offset = 0;
    if (word === 'demain' || word === 'tomorrow') offset = 1;
    else if (word && word in WEEKDAYS) offset = (WEEKDAYS[word]! - today.weekday + 7) % 7;
    let date = addCalendarDays(today, offset);
    let startAt = localToUtc({ ...date, ...start }, ctx.timezone);
    // No day named and the time is past: tomorrow. A weekday named today but past: next week.
    if (startAt <= ctx.now && word !== "aujourd'hui" && word !== 'today') {
      date = addCalendarDays(date, word && word in WEEKDAYS ? 7 : 1);
      startAt = localToUtc({ ...date, ...start }, ctx.timezone);
    }
    let endAt = localToUtc({ ...date, ...end }, ctx.timezone);
    if (endAt <= startAt) endAt = new Date(startAt.getTime() + 60 * 60_000);
    return { call: { tool: 'createEvent', title, start: startAt.toISOString(), end: endAt.toISOString() }, language };
  }
  return null;
}

// ---- Notion -------------------------------------------------------------------------------

const NOTION_RULES: Array<[RegExp, Lang]> = [
  [re(`${PLEASE}(?:note|noter|ecris|ecrire|ajoute|ajouter|mets|met|sauve|sauvegarde|garde)(?: (?:ca|ceci|cela))? (?:dans|sur|a) (?:mon |ma )?(?:page )?notion ?(?::|-)? ?(.+)`), 'fr'],
  [re(`notion ?: ?(.+)`), 'fr'],
  [re(`${PLEASE}(?:note|write|add|save|put|jot)(?: (?:this|that|it)(?: down)?)? (?:in|to|into|on) (?:my )?notion ?(?::|-)? ?(.+)`), 'en'],
];

function notion(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language] of NOTION_RULES) {
    const m = pattern.exec(u.folded);
    const span = m?.indices?.[1];
    if (!span) continue;
    const text = tidyArgument(u.text.slice(span[0], span[1]));
    if (text) return { call: { tool: 'noteToNotion', text }, language: pattern === NOTION_RULES[1]![0] ? u.language : language };
  }
  return null;
}

// ---- Notion picker -------------------------------------------------------------------------

const KIND_FR = '(pages|bases(?: de donnees)?|databases|bd)';
const KIND_EN = '(pages|databases|dbs)';
const LIST_TARGETS: Array<[RegExp, Lang]> = [
  [re(`${PLEASE}(?:(?:montre|liste|affiche|donne|envoie)(?:[- ]moi)? |(?:quelles|c'est quoi|c'est quelles) (?:sont )?)?(?:mes|les) ${KIND_FR} notion`), 'fr'],
  [re(`${PLEASE}(?:(?:show|list|send|give)(?: me)? |what are )?(?:my|the) notion ${KIND_EN}`), 'en'],
  [re(`${PLEASE}(?:(?:show|list|send|give)(?: me)? |what are )?(?:my|the) ${KIND_EN} (?:in|on) notion`), 'en'],
];
const TASKS_FR = '(?: (?:pour|avec) (?:mes|les|ma liste de|la liste de|ma liste|la liste) ?(?:taches|to-?dos?)?)?';
const TASKS_EN = '(?: (?:for|with) (?:my |the )?(?:tasks|to-?dos?|task list|list))?';
/** [pattern, language, kind]: group 1 is the name or number, cut from the message as written. */
const CHOOSE_TARGET: Array<[RegExp, Lang, 'page' | 'database']> = [
  [re(`${PLEASE}(?:utilise|utiliser|prends|prend|choisis|choisi|synchronise avec|sync avec|synchro avec) (?:la |ma )?(?:base(?: de donnees)?|database|bd)(?: notion)? ([^:]+?)${TASKS_FR}`), 'fr', 'database'],
  [re(`${PLEASE}(?:utilise|utiliser|prends|prend|choisis|choisi) (?:la |ma )?page(?: notion)? ([^:]+?) pour (?:mes|les) notes`), 'fr', 'page'],
  [re(`${PLEASE}(?:note|notes|ecris|mets)(?: mes notes| les notes)? (?:dans|sur) (?:la |ma )?page(?: notion)? ([^:]+)`), 'fr', 'page'],
  [re(`${PLEASE}(?:use|pick|choose|sync with) (?:the |my )?(?:notion )?(?:database|db) ([^:]+?)${TASKS_EN}`), 'en', 'database'],
  [re(`${PLEASE}(?:use|pick|choose|sync with) (?:the |my )?([^:]+?) (?:notion )?(?:database|db)(?: (?:in|on) notion)?${TASKS_EN}`), 'en', 'database'],
  [re(`${PLEASE}(?:use|pick|choose) (?:the |my )?(?:notion )?page ([^:]+?) for (?:my |the )?notes`), 'en', 'page'],
  [re(`${PLEASE}(?:use|pick|choose) (?:the |my )?([^:]+?) (?:notion )?page for (?:my |the )?notes`), 'en', 'page'],
  [re(`${PLEASE}(?:note|write|put)(?: my notes| notes)? (?:in|on|to|into) (?:the |my )?(?:notion )?page ([^:]+)`), 'en', 'page'],
];
const NUMBER = /^(?:(?:n°|no|numero|number|#) ?)?(\d{1,3})$/u;

function notionPicker(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language] of LIST_TARGETS) {
    const m = pattern.exec(u.folded);
    if (m) return { call: { tool: 'external', activity: 'listNotionTargets', input: { kind: m[1]!.startsWith('page') ? 'page' : 'database' }, once: false }, language };
  }
  for (const [pattern, language, kind] of CHOOSE_TARGET) {
    const m = pattern.exec(u.folded);
    const span = m?.indices?.[1];
    if (!span) continue;
    const name = tidyArgument(u.text.slice(span[0], span[1])).replace(/^["'«]\s*|\s*["'»]$/gu, '');
    if (!name) continue;
    const number = NUMBER.exec(u.folded.slice(span[0], span[1]).trim());
    // Choosing starts a sync: once, the person can ask again.
    const input = number ? { kind, name: null, number: Number(number[1]) } : { kind, name, number: null };
    return { call: { tool: 'external', activity: 'chooseNotionTarget', input, once: true }, language };
  }
  return null;
}

// ---- YouTube ------------------------------------------------------------------------------

const VIDEO_FR = re(
  `${PLEASE}(?:trouve|trouves|cherche|donne|envoie|suggere|propose)(?:[- ]moi)? (?:une|un|des) (?:video|videos|youtube)(?: youtube)?(?: de (\\d{1,3}) ?(?:min|mins|minutes))?(?: (?:pour|sur|de|qui|afin de) (.+))?`,
);
const VIDEO_EN = re(
  `${PLEASE}(?:find|search|get|send|suggest)(?: me)? (?:a|an|some) (?:(\\d{1,3})[- ]?(?:min|mins|minute|minutes) )?(?:youtube )?(?:video|videos)(?: (?:to|for|about|on|that) (.+))?`,
);
const HELP_ME = /^(?:m'aider a |m'aider pour |aider a |help me |me help )/u;

function video(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language] of [[VIDEO_FR, 'fr'], [VIDEO_EN, 'en']] as const) {
    const m = pattern.exec(u.folded);
    if (!m) continue;
    const span = m.indices?.[2];
    let query = span ? tidyArgument(u.text.slice(span[0], span[1])) : '';
    const folded = span ? u.folded.slice(span[0], span[1]).trim() : '';
    const help = HELP_ME.exec(folded);
    if (help) query = query.slice(help[0].length).trim();
    if (!query) query = language === 'fr' ? 'concentration' : 'focus';
    return { call: { tool: 'findVideo', query, minutes: m[1] ? Number(m[1]) : null }, language };
  }
  return null;
}

// ---- reminders before events --------------------------------------------------------------

/** What the events are called: "mes rendez-vous", "mes réunions", "my meetings", "mes meetings" (QC). */
const EVENTS_FR = "(?:(?:mes|chaque|les|tous mes|toutes mes|mon|ton|tes) )?(?:rendez-vous|rendez vous|rdv|reunions?|meetings?|evenements?|rencontres?|cours|rendez-vous du calendrier|evenements du calendrier|(?:rendez-vous|evenements?) (?:de|dans) mon (?:agenda|calendrier))";
const EVENTS_EN = "(?:(?:my|each|every|all my|all of my|the) )?(?:meetings?|events?|appointments?|calendar events?|appts?)";
/** "15 min", "15 minutes", "10 mins", "1 h", "1 heure", "1 hour", "une heure", "une demi-heure", "half an hour". */
const LEAD = "(\\d{1,3}) ?(min|mins|minutes?|mn|m|h|hr|hrs|heures?|hours?)|(une|an|one) (heure|hour)|(une demi-heure|une demi heure|half an hour|a half hour)";
const REMIND_FR = "(?:rappelle|rappelles|rappeler|avertis|avertir|previens|prevenir|texte|textes|ecris|notifie|alerte)[- ](?:moi|moe|mwa)";
const REMIND_EN = '(?:remind|warn|text|ping|notify|alert|tell) me';

const EVENT_ON: Array<[RegExp, Lang]> = [
  [re(`${PLEASE}(?:${REMIND_FR}|(?:je veux|j'veux|je voudrais|j'aimerais) (?:un |des )?(?:rappels?|alertes?|textos?|sms))(?: (?:${LEAD}))? (?:avant|d'avance avant) ${EVENTS_FR}(?: (?:de|dans) mon (?:agenda|calendrier))?`), 'fr'],
  [re(`${PLEASE}(?:${REMIND_FR}) (?:de )?${EVENTS_FR}(?: (?:${LEAD}) (?:avant|d'avance))`), 'fr'],
  [re(`${PLEASE}(?:active|activer|allume|mets|met|reactive)(?: (?:les|des))? (?:rappels?|alertes?) (?:avant|de|pour) ${EVENTS_FR}(?: (?:${LEAD}) avant)?`), 'fr'],
  [re(`${PLEASE}${REMIND_EN}(?: (?:${LEAD}))? before ${EVENTS_EN}(?: on my calendar)?`), 'en'],
  [re(`${PLEASE}(?:turn on|enable|start|activate|i want)(?: (?:the|my))? (?:event|meeting|appointment|calendar) (?:reminders?|alerts?)(?: (?:${LEAD}) before)?`), 'en'],
  [re(`${PLEASE}(?:turn on|enable|start|activate|i want)(?: (?:the|my))? (?:reminders?|alerts?) before ${EVENTS_EN}(?: (?:${LEAD}) before)?`), 'en'],
];

const EVENT_OFF: Array<[RegExp, Lang]> = [
  [re(`${PLEASE}(?:arrete|arreter|stoppe|stop|annule|desactive|coupe|enleve|supprime|plus de|pas de|fini les?|j'veux plus de|je veux plus de?)(?: (?:les|mes|tes|des))? (?:rappels?|alertes?|textos?) (?:avant|de|pour|des) ${EVENTS_FR}`), 'fr'],
  [re(`${PLEASE}(?:arrete|arreter|cesse|cesser) de (?:me )?(?:rappeler|avertir|prevenir|texter)(?: (?:avant|de))? ${EVENTS_FR}`), 'fr'],
  [re(`${PLEASE}(?:ne )?(?:me )?(?:rappelle|previens|avertis)(?:[- ](?:moi|moe))? plus (?:avant|de) ${EVENTS_FR}`), 'fr'],
  [re(`${PLEASE}(?:stop|cancel|turn off|disable|no more|pause)(?: (?:the|my))? (?:event|meeting|appointment|calendar) (?:reminders?|alerts?)`), 'en'],
  [re(`${PLEASE}(?:stop|cancel|turn off|disable|no more|pause)(?: (?:the|my))? (?:reminders?|alerts?) (?:before|for) ${EVENTS_EN}`), 'en'],
  [re(`${PLEASE}(?:stop|quit) (?:reminding|warning|texting) me (?:before|about) ${EVENTS_EN}`), 'en'],
  [re(`(?:don't|do not|dont) (?:remind|warn|text) me (?:before|about) ${EVENTS_EN}(?: anymore| any more)?`), 'en'],
];

/** The lead of a LEAD match starting at group `g`, in minutes; null when none was said. */
function leadOf(m: RegExpExecArray, g: number): number | null {
  if (m[g]) {
    const n = Number(m[g]);
    return /^(?:h|hr|hrs|heures?|hours?)$/u.test(m[g + 1] ?? '') ? n * 60 : n;
  }
  if (m[g + 3]) return 60;
  if (m[g + 4]) return 30;
  return null;
}

function eventReminders(u: Utterance): IntegrationIntent | null {
  for (const [pattern, language] of EVENT_OFF) {
    if (pattern.test(u.folded)) return { call: { tool: 'setEventReminders', enabled: false, minutes: null }, language };
  }
  for (const [pattern, language] of EVENT_ON) {
    const m = pattern.exec(u.folded);
    if (!m) continue;
    // One LEAD per rule, so its groups start at 1; a lead out of 1–240 min is brought into it.
    const lead = leadOf(m, 1);
    const minutes = lead === null ? null : Math.min(Math.max(lead, 1), 240);
    return { call: { tool: 'setEventReminders', enabled: true, minutes }, language };
  }
  return null;
}

// ---- sync ---------------------------------------------------------------------------------

const SYNC_FR = re(`${PLEASE}(?:synchronise|synchroniser|synchro|sync|mets a jour)(?: (?:mes|ma|les|la))? (?:taches|liste|to-?do)(?: (?:google|microsoft|outlook))?`);
const SYNC_EN = re(`${PLEASE}(?:sync|synchronize|synchronise|refresh)(?: (?:my|the))? (?:tasks|list|to-?dos?)`);

function sync(u: Utterance): IntegrationIntent | null {
  if (SYNC_FR.test(u.folded)) return { call: { tool: 'syncTasks' }, language: 'fr' };
  if (SYNC_EN.test(u.folded)) return { call: { tool: 'syncTasks' }, language: 'en' };
  return null;
}

/** The integration and check-in intents, before the memory/list/plan ones (see offline.ts). */
export function detectIntegrationIntent(message: string | Prepared, ctx: Context & { language?: Lang }): IntegrationIntent | null {
  const u = prepared(message, ctx.language);
  return eventReminders(u) ?? checkin(u) ?? connect(u) ?? notion(u) ?? notionPicker(u) ?? video(u) ?? createEvent(u, ctx) ?? sync(u) ?? agenda(u);
}
