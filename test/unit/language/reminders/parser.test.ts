import { expect } from 'chai';
import { detectLanguage, type Lang, parseReminder, parseWhen, type ReminderIntent } from '../../../../language/reminders/parser';
import { zonedParts } from '../../../../language/time';

const TORONTO = 'America/Toronto';
const PARIS = 'Europe/Paris';

// Fixed moments (never the wall clock). Local times are given for the row's zone.
const WED_1400 = '2026-06-10T18:00:00Z'; // Wednesday 2026-06-10 14:00 in Toronto
const WED_0700 = '2026-06-10T11:00:00Z'; // Wednesday 07:00 in Toronto
const WED_2030 = '2026-06-11T00:30:00Z'; // Wednesday 20:30 in Toronto
const SAT_BEFORE_FALL_BACK = '2026-10-31T16:00:00Z'; // Saturday 12:00 EDT, Toronto falls back on 2026-11-01
const SAT_BEFORE_SPRING_FORWARD = '2027-03-13T15:00:00Z'; // Saturday 10:00 EST, Toronto springs forward on 2027-03-14
const PARIS_WED_1400 = '2026-06-10T12:00:00Z'; // Wednesday 14:00 CEST
const PARIS_SAT_BEFORE_FALL_BACK = '2026-10-24T10:00:00Z'; // Saturday 12:00 CEST, Paris falls back on 2026-10-25
const PARIS_SAT_BEFORE_SPRING_FORWARD = '2027-03-27T11:00:00Z'; // Saturday 12:00 CET, Paris springs forward on 2027-03-28

type Expected =
  | {
      kind: 'reminder';
      text: string;
      /** Local due time in the row's zone, 'YYYY-MM-DD HH:mm'. */
      due: string;
      rrule?: string;
      language?: Lang;
      /** Defaults to true. */
      explicit?: boolean;
      /** The exact instant, for DST rows where the local time alone is ambiguous. */
      utc?: string;
    }
  | { kind: 'clarify'; text: string | null; question: RegExp; language?: Lang }
  | { kind: 'none' };

interface Row {
  message: string;
  expected: Expected;
  now?: string;
  tz?: string;
  /** The person's default language (ctx.language); also the expected language unless given. */
  lang?: Lang;
}

function local(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

function remind(text: string, due: string, extra: Partial<Extract<Expected, { kind: 'reminder' }>> = {}): Expected {
  return { kind: 'reminder', text, due, ...extra };
}

const ASK_TIME_FR = /À quelle heure/;
const ASK_TIME_EN = /What time/;
const ASK_WHAT_FR = /De quoi/;
const ASK_WHAT_EN = /What should I remind you about/;
const PAST_FR = /déjà passé/;
const TWO_TIMES_FR = /plus d'une heure/;
const TWO_DAYS_FR = /plus d'un jour/;

function ask(question: RegExp, text: string | null): Expected {
  return { kind: 'clarify', text, question };
}

const NONE: Expected = { kind: 'none' };
const DEFAULT = { explicit: false } as const;

const GROUPS: Record<string, Row[]> = {
  'French trigger phrases': [
    { message: 'rappelle-moi de prendre mes médicaments à 20h', expected: remind('prendre mes médicaments', '2026-06-10 20:00') },
    { message: "Rappelle moi d'appeler maman demain à 8h", expected: remind('appeler maman', '2026-06-11 08:00') },
    { message: 'rapelle-moi de sortir les vidanges à 19h', expected: remind('sortir les vidanges', '2026-06-10 19:00') },
    { message: 'fais-moi penser à acheter du lait à 17h', expected: remind('acheter du lait', '2026-06-10 17:00') },
    { message: "fais moi penser d'appeler le garage demain à 9h", expected: remind('appeler le garage', '2026-06-11 09:00') },
    { message: 'faut que je pense à payer Hydro demain', expected: remind('payer Hydro', '2026-06-11 09:00', DEFAULT) },
    { message: 'il faut que je pense à réserver le resto à 16h', expected: remind('réserver le resto', '2026-06-10 16:00') },
    { message: "n'oublie pas de me rappeler de texter Julie dans 20 minutes", expected: remind('texter Julie', '2026-06-10 14:20') },
    { message: 'Peux-tu me rappeler de payer le loyer demain à 10h?', expected: remind('payer le loyer', '2026-06-11 10:00') },
    { message: 'tu peux me rappeler dans 10 minutes de sortir le poulet', expected: remind('sortir le poulet', '2026-06-10 14:10') },
    { message: 'Rappel: rendez-vous chez le dentiste vendredi à 15h', expected: remind('rendez-vous chez le dentiste', '2026-06-12 15:00') },
    { message: 'mets-moi un rappel pour appeler Marie à 18h', expected: remind('appeler Marie', '2026-06-10 18:00') },
    { message: 'rappelle-moi de prendre mes médicaments à 20h svp', expected: remind('prendre mes médicaments', '2026-06-10 20:00') },
    { message: "Demain à 8h, rappelle-moi d'appeler maman", expected: remind('appeler maman', '2026-06-11 08:00') },
    { message: "rappelle-moi d'appeler Sam samedi à 10h", expected: remind('appeler Sam', '2026-06-13 10:00') },
    { message: "rappelle-moi d'aller à la mer dimanche", expected: remind('aller à la mer', '2026-06-14 09:00', DEFAULT) },
    { message: 'rappelle-moi de prendre 2 comprimés à 20h', expected: remind('prendre 2 comprimés', '2026-06-10 20:00') },
    { message: "rappelle-moi d'appeler au 514 555 1234 à 15h", expected: remind('appeler au 514 555 1234', '2026-06-10 15:00') },
    { message: "Rappelle-moi qu'il faut payer le loyer lundi", expected: remind('il faut payer le loyer', '2026-06-15 09:00', DEFAULT) },
    { message: "rappelle-moi d'inviter 5 amis demain", expected: remind('inviter 5 amis', '2026-06-11 09:00', DEFAULT) },
    { message: "Rappelle-moi à 18 h 30 d'aller au gym", expected: remind('aller au gym', '2026-06-10 18:30') },
  ],
  'a task and a time without a trigger': [
    { message: 'prendre mes médicaments à 20h', expected: remind('prendre mes médicaments', '2026-06-10 20:00') },
    { message: 'Appeler le dentiste demain à 10h', expected: remind('Appeler le dentiste', '2026-06-11 10:00') },
    { message: 'demain, appeler le dentiste', expected: remind('appeler le dentiste', '2026-06-11 09:00', DEFAULT) },
    { message: 'sortir le poulet du congélateur dans 30 minutes', expected: remind('sortir le poulet du congélateur', '2026-06-10 14:30') },
    { message: 'dans 20 minutes sortir le linge', expected: remind('sortir le linge', '2026-06-10 14:20') },
    { message: 'à soir à 9h sortir le chien', expected: remind('sortir le chien', '2026-06-10 21:00') },
    { message: 'tous les jours à 20h prendre mes médicaments', expected: remind('prendre mes médicaments', '2026-06-10 20:00', { rrule: 'FREQ=DAILY' }) },
  ],
  'relative delays': [
    { message: 'rappelle-moi dans 1h de sortir le linge', expected: remind('sortir le linge', '2026-06-10 15:00') },
    { message: 'rappelle-moi dans 45 min de vérifier le four', expected: remind('vérifier le four', '2026-06-10 14:45') },
    { message: 'rappelle-moi dans une heure de rappeler Marc', expected: remind('rappeler Marc', '2026-06-10 15:00') },
    { message: 'rappelle-moi dans 2 h 30 de partir', expected: remind('partir', '2026-06-10 16:30') },
    { message: 'rappelle-moi dans 2h30 de partir', expected: remind('partir', '2026-06-10 16:30') },
    { message: 'rappelle-moi dans une demi-heure de partir', expected: remind('partir', '2026-06-10 14:30') },
    { message: "rappelle-moi dans un quart d'heure de brasser la sauce", expected: remind('brasser la sauce', '2026-06-10 14:15') },
    { message: 'rappelle-moi dans une heure et demie de partir', expected: remind('partir', '2026-06-10 15:30') },
    { message: 'rappelle-moi dans 90 minutes de partir', expected: remind('partir', '2026-06-10 15:30') },
    { message: "rappelle-moi d'ici 2 heures de répondre à Paul", expected: remind('répondre à Paul', '2026-06-10 16:00') },
    { message: 'rappelle-moi dans 3 jours de rappeler la clinique', expected: remind('rappeler la clinique', '2026-06-13 09:00', DEFAULT) },
  ],
  'French clock times': [
    { message: 'rappelle-moi à 20 h de fermer la porte', expected: remind('fermer la porte', '2026-06-10 20:00') },
    { message: 'rappelle-moi à 8 h 30 de partir', expected: remind('partir', '2026-06-11 08:30') },
    { message: 'rappelle-moi à 8h30 de partir', expected: remind('partir', '2026-06-11 08:30') },
    { message: 'rappelle-moi à 16 h 45 de partir', expected: remind('partir', '2026-06-10 16:45') },
    { message: 'rappelle-moi à 17:30 de partir', expected: remind('partir', '2026-06-10 17:30') },
    { message: 'rappelle-moi à midi de manger', expected: remind('manger', '2026-06-11 12:00') },
    { message: 'rappelle-moi à minuit de dormir', expected: remind('dormir', '2026-06-11 00:00') },
    { message: 'rappelle-moi à 7h du matin de courir', expected: remind('courir', '2026-06-11 07:00') },
    { message: "rappelle-moi à 3h de l'après-midi d'appeler", expected: remind('appeler', '2026-06-10 15:00') },
    { message: 'rappelle-moi à 10h du soir de fermer', expected: remind('fermer', '2026-06-10 22:00') },
    { message: 'rappelle-moi à 8h et demie de partir', expected: remind('partir', '2026-06-11 08:30') },
    { message: 'rappelle-moi à midi moins quart de manger', expected: remind('manger', '2026-06-11 11:45') },
    { message: "rappelle-moi à 5pm d'appeler Bob", expected: remind('appeler Bob', '2026-06-10 17:00') },
    { message: 'rappelle-moi vers 16h de partir', expected: remind('partir', '2026-06-10 16:00') },
    { message: 'rappelle-moi à 12h30 de dîner', expected: remind('dîner', '2026-06-11 12:30') },
    { message: 'rappelle-moi de sortir le chien à 8 h 15', expected: remind('sortir le chien', '2026-06-11 08:15') },
  ],
  'a time already past today means tomorrow': [
    { message: "rappelle-moi à 9h d'appeler la banque", expected: remind('appeler la banque', '2026-06-11 09:00') },
    { message: 'rappelle-moi à 13h de manger', expected: remind('manger', '2026-06-11 13:00') },
    { message: 'rappelle-moi à 14h de partir', expected: remind('partir', '2026-06-11 14:00') },
    { message: "rappelle-moi à 11h d'appeler", expected: remind('appeler', '2026-06-11 11:00') },
    { message: 'rappelle-moi à 7h30 de partir', now: WED_0700, expected: remind('partir', '2026-06-10 07:30') },
    { message: 'rappelle-moi à 6h de partir', now: WED_2030, expected: remind('partir', '2026-06-11 06:00') },
  ],
  'hours 1 to 7 without am/pm': [
    { message: "rappelle-moi à 3h d'aller chercher les enfants", expected: remind('aller chercher les enfants', '2026-06-10 15:00') },
    { message: 'rappelle-moi à 7h de souper', expected: remind('souper', '2026-06-10 19:00') },
    { message: 'rappelle-moi à 5h de partir', expected: remind('partir', '2026-06-10 17:00') },
    { message: 'rappelle-moi à 3h de partir', now: WED_0700, expected: remind('partir', '2026-06-10 15:00') },
    { message: 'rappelle-moi à 7h de partir', now: WED_2030, expected: remind('partir', '2026-06-11 07:00') },
    { message: "rappelle-moi aujourd'hui à 3h d'appeler", expected: remind('appeler', '2026-06-10 15:00') },
    { message: 'rappelle-moi demain à 2h30 de sortir', expected: remind('sortir', '2026-06-11 02:30') },
  ],
  '"rappel" opening the message, without a colon: not part of the task': [
    { message: 'rappel prendre ma pilule à 8h', now: WED_0700, expected: remind('prendre ma pilule', '2026-06-10 08:00') },
    { message: 'rappel: prendre ta pilule demain 8h', expected: remind('prendre ta pilule', '2026-06-11 08:00') },
    { message: 'Rappel de payer le loyer demain 9h', expected: remind('payer le loyer', '2026-06-11 09:00') },
    { message: 'rappel dentiste demain 9h', expected: remind('dentiste', '2026-06-11 09:00') },
    { message: 'rappel pour sortir les poubelles à 20h', expected: remind('sortir les poubelles', '2026-06-10 20:00') },
    { message: 'rappelle-moi le rendez-vous chez le dentiste demain à 9h', expected: remind('le rendez-vous chez le dentiste', '2026-06-11 09:00') },
  ],
  'French days and dates': [
    { message: "rappelle-moi demain d'appeler le garage", expected: remind('appeler le garage', '2026-06-11 09:00', DEFAULT) },
    { message: "rappelle-moi après-demain d'appeler le garage", expected: remind('appeler le garage', '2026-06-12 09:00', DEFAULT) },
    { message: 'rappelle-moi lundi de payer', expected: remind('payer', '2026-06-15 09:00', DEFAULT) },
    { message: 'rappelle-moi mardi prochain de payer', expected: remind('payer', '2026-06-16 09:00', DEFAULT) },
    { message: 'rappelle-moi mercredi de payer', expected: remind('payer', '2026-06-17 09:00', DEFAULT) },
    { message: 'rappelle-moi vendredi à 18 h de partir', expected: remind('partir', '2026-06-12 18:00') },
    { message: 'rappelle-moi lundi à 8h de payer', expected: remind('payer', '2026-06-15 08:00') },
    { message: 'rappelle-moi le 3 décembre de renouveler mon passeport', expected: remind('renouveler mon passeport', '2026-12-03 09:00', DEFAULT) },
    { message: 'rappelle-moi le 3 décembre à 9h de renouveler mon passeport', expected: remind('renouveler mon passeport', '2026-12-03 09:00') },
    { message: 'rappelle-moi le 1er mars de faire mes impôts', expected: remind('faire mes impôts', '2027-03-01 09:00', DEFAULT) },
    { message: 'rappelle-moi le 10 juin 2027 de payer', expected: remind('payer', '2027-06-10 09:00', DEFAULT) },
    { message: 'rappelle-moi le 15 de payer la carte', expected: remind('payer la carte', '2026-06-15 09:00', DEFAULT) },
    // "le 3 à 8h" proves chrono's own French clock parser is replaced (it read this as 3:00).
    { message: 'rappelle-moi le 3 à 8h de payer', expected: remind('payer', '2026-07-03 08:00') },
    { message: 'rappelle-moi le 3/12 de payer', expected: remind('payer', '2026-12-03 09:00', DEFAULT) },
    { message: 'rappelle-moi la semaine prochaine de payer', expected: remind('payer', '2026-06-17 09:00', DEFAULT) },
    { message: 'rappelle-moi de rappeler Jean à 15h demain', expected: remind('rappeler Jean', '2026-06-11 15:00') },
    { message: "rappelle-moi d'acheter des fleurs pour lundi", expected: remind('acheter des fleurs', '2026-06-15 09:00', DEFAULT) },
    { message: 'rappelle-moi demain à minuit de dormir', expected: remind('dormir', '2026-06-12 00:00') },
  ],
  'Québec forms and parts of the day': [
    { message: 'rappelle-moi à soir de sortir le chien', expected: remind('sortir le chien', '2026-06-10 19:00', DEFAULT) },
    { message: 'rappelle-moi à soir à 9h de sortir le chien', expected: remind('sortir le chien', '2026-06-10 21:00') },
    { message: "rappelle-moi ce soir d'appeler", expected: remind('appeler', '2026-06-10 19:00', DEFAULT) },
    { message: 'rappelle-moi à 11h ce soir de fermer', expected: remind('fermer', '2026-06-10 23:00') },
    { message: 'rappelle-moi à 20h30 ce soir de fermer', expected: remind('fermer', '2026-06-10 20:30') },
    { message: 'rappelle-moi demain matin de prendre mes vitamines', expected: remind('prendre mes vitamines', '2026-06-11 08:00', DEFAULT) },
    { message: 'rappelle-moi demain matin à 7h de partir', expected: remind('partir', '2026-06-11 07:00') },
    { message: 'rappelle-moi demain soir de sortir les bacs', expected: remind('sortir les bacs', '2026-06-11 19:00', DEFAULT) },
    { message: 'rappelle-moi cet après-midi de faire le lavage', now: WED_0700, expected: remind('faire le lavage', '2026-06-10 14:00', DEFAULT) },
    { message: "rappelle-moi à matin de boire de l'eau", now: WED_0700, expected: remind("boire de l'eau", '2026-06-10 08:00', DEFAULT) },
    { message: "rappelle-moi tantôt d'appeler Luc", expected: remind('appeler Luc', '2026-06-10 15:00', DEFAULT) },
    { message: 'faut que je pense à acheter du lait tantôt', expected: remind('acheter du lait', '2026-06-10 15:00', DEFAULT) },
    { message: "rappelle-moi tout à l'heure de manger", expected: remind('manger', '2026-06-10 15:00', DEFAULT) },
    { message: 'rappelle-moi plus tard de boire', expected: remind('boire', '2026-06-10 15:00', DEFAULT) },
    { message: 'rappelle-moi cette nuit de fermer la porte', expected: remind('fermer la porte', '2026-06-10 21:00', DEFAULT) },
    { message: 'rappelle-moi lundi soir à 8h de payer', expected: remind('payer', '2026-06-15 20:00') },
    { message: 'rappelle-moi vendredi après-midi de payer', expected: remind('payer', '2026-06-12 14:00', DEFAULT) },
    { message: 'fais-moi penser à souper à 6h à soir', expected: remind('souper', '2026-06-10 18:00') },
    { message: 'rappelle-moi à soir de barrer la porte', now: WED_2030, expected: ask(PAST_FR, 'barrer la porte') },
  ],
  'French recurrence': [
    { message: 'rappelle-moi tous les jours à 8h de prendre mes pilules', expected: remind('prendre mes pilules', '2026-06-11 08:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'chaque jour à 21h prendre mes médicaments', expected: remind('prendre mes médicaments', '2026-06-10 21:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'rappelle-moi chaque lundi à 18h de sortir les poubelles', expected: remind('sortir les poubelles', '2026-06-15 18:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO' }) },
    { message: 'rappelle-moi tous les lundis de faire le ménage', expected: remind('faire le ménage', '2026-06-15 09:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO', explicit: false }) },
    { message: 'rappelle-moi chaque mercredi à 18h de partir', expected: remind('partir', '2026-06-10 18:00', { rrule: 'FREQ=WEEKLY;BYDAY=WE' }) },
    { message: 'rappelle-moi en semaine à 7h de me lever', expected: remind('me lever', '2026-06-11 07:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' }) },
    { message: 'rappelle-moi la semaine à 7h de déjeuner', expected: remind('déjeuner', '2026-06-11 07:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' }) },
    { message: 'rappelle-moi du lundi au vendredi à 7h de me lever', expected: remind('me lever', '2026-06-11 07:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' }) },
    { message: 'rappelle-moi tous les mois le 1er à 9h de payer le loyer', expected: remind('payer le loyer', '2026-07-01 09:00', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' }) },
    { message: 'rappelle-moi le 1er de chaque mois de payer le loyer', expected: remind('payer le loyer', '2026-07-01 09:00', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', explicit: false }) },
    { message: 'rappelle-moi tous les lundis et jeudis à 18h de courir', expected: remind('courir', '2026-06-11 18:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' }) },
    { message: 'rappelle-moi chaque soir de prendre ma pilule', expected: remind('prendre ma pilule', '2026-06-10 19:00', { rrule: 'FREQ=DAILY', explicit: false }) },
    { message: 'rappelle-moi tous les matins à 7h30 de méditer', expected: remind('méditer', '2026-06-11 07:30', { rrule: 'FREQ=DAILY' }) },
    { message: 'rappelle-moi à tous les jours à 8h de boire', expected: remind('boire', '2026-06-11 08:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'rappelle-moi les fins de semaine à 10h de faire du sport', expected: remind('faire du sport', '2026-06-13 10:00', { rrule: 'FREQ=WEEKLY;BYDAY=SA,SU' }) },
    { message: 'rappelle-moi toutes les 2 semaines le lundi de payer', expected: remind('payer', '2026-06-15 09:00', { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', explicit: false }) },
    { message: 'rappelle-moi tous les ans le 3 décembre de fêter Léa', expected: remind('fêter Léa', '2026-12-03 09:00', { rrule: 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3', explicit: false }) },
    { message: 'rappelle-moi de prendre mes médicaments à 20h tous les jours', expected: remind('prendre mes médicaments', '2026-06-10 20:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'rappelle-moi tous les mois le 15 de payer la carte', expected: remind('payer la carte', '2026-06-15 09:00', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', explicit: false }) },
    { message: 'rappelle-moi tous les jours à 8h de boire', now: WED_0700, expected: remind('boire', '2026-06-10 08:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'rappelle-moi tous les jours à partir de demain à 8h de boire', now: WED_0700, expected: remind('boire', '2026-06-11 08:00', { rrule: 'FREQ=DAILY' }) },
  ],
  'English requests': [
    { message: 'remind me to call mom at 5pm', lang: 'en', expected: remind('call mom', '2026-06-10 17:00') },
    { message: 'Remind me about the dentist tomorrow at 7:45am', lang: 'en', expected: remind('the dentist', '2026-06-11 07:45') },
    { message: 'reminder: pay rent on December 3', lang: 'en', expected: remind('pay rent', '2026-12-03 09:00', DEFAULT) },
    { message: 'remind me in 2 hours to stretch', lang: 'en', expected: remind('stretch', '2026-06-10 16:00') },
    { message: 'remind me in 10 min to check the oven', lang: 'en', expected: remind('check the oven', '2026-06-10 14:10') },
    { message: 'remind me in an hour to call Bob', lang: 'en', expected: remind('call Bob', '2026-06-10 15:00') },
    { message: 'remind me in half an hour to leave', lang: 'en', expected: remind('leave', '2026-06-10 14:30') },
    { message: 'remind me in 1h30 to leave', lang: 'en', expected: remind('leave', '2026-06-10 15:30') },
    { message: 'remind me at 17:30 to leave', lang: 'en', expected: remind('leave', '2026-06-10 17:30') },
    { message: 'remind me at 7:45am to take my meds', lang: 'en', expected: remind('take my meds', '2026-06-11 07:45') },
    { message: 'remind me friday to submit the report', lang: 'en', expected: remind('submit the report', '2026-06-12 09:00', DEFAULT) },
    { message: 'remind me next monday to call Sam', lang: 'en', expected: remind('call Sam', '2026-06-15 09:00', DEFAULT) },
    { message: 'remind me tomorrow to call Dad', lang: 'en', expected: remind('call Dad', '2026-06-11 09:00', DEFAULT) },
    { message: 'remind me tonight to call Dad', lang: 'en', expected: remind('call Dad', '2026-06-10 19:00', DEFAULT) },
    { message: 'remind me at 8 to walk the dog', lang: 'en', expected: remind('walk the dog', '2026-06-10 20:00') },
    { message: 'remind me at 3 to call', lang: 'en', expected: remind('call', '2026-06-10 15:00') },
    { message: 'remind me tomorrow at 3 to call', lang: 'en', expected: remind('call', '2026-06-11 15:00') },
    { message: 'remind me today at 8 to call', lang: 'en', expected: remind('call', '2026-06-10 20:00') },
    { message: 'remind me tomorrow morning to run', lang: 'en', expected: remind('run', '2026-06-11 08:00', DEFAULT) },
    { message: 'remind me tomorrow night at 9 to read', lang: 'en', expected: remind('read', '2026-06-11 21:00') },
    { message: 'remind me monday evening at 8 to pay', lang: 'en', expected: remind('pay', '2026-06-15 20:00') },
    { message: 'remind me at 8 in the evening to pay', lang: 'en', expected: remind('pay', '2026-06-10 20:00') },
    { message: 'remind me at noon to eat', lang: 'en', expected: remind('eat', '2026-06-11 12:00') },
    { message: 'remind me at midnight to sleep', lang: 'en', expected: remind('sleep', '2026-06-11 00:00') },
    { message: 'remind me later to stretch', lang: 'en', expected: remind('stretch', '2026-06-10 15:00', DEFAULT) },
    { message: 'set a reminder for 5pm to call mom', lang: 'en', expected: remind('call mom', '2026-06-10 17:00') },
    { message: "don't let me forget to call mom tomorrow at noon", lang: 'en', expected: remind('call mom', '2026-06-11 12:00') },
    { message: 'can you remind me to take my pills at 8pm?', lang: 'en', expected: remind('take my pills', '2026-06-10 20:00') },
    { message: 'take my pills at 8pm', lang: 'en', expected: remind('take my pills', '2026-06-10 20:00') },
    { message: 'call the dentist tomorrow', lang: 'en', expected: remind('call the dentist', '2026-06-11 09:00', DEFAULT) },
    { message: 'remind me the day after tomorrow to pay', lang: 'en', expected: remind('pay', '2026-06-12 09:00', DEFAULT) },
    { message: 'remind me next week to pay', lang: 'en', expected: remind('pay', '2026-06-17 09:00', DEFAULT) },
    { message: 'remind me on December 3 at 9am to renew my passport', lang: 'en', expected: remind('renew my passport', '2026-12-03 09:00') },
    { message: 'Remind me to call Sam at 4pm', lang: 'en', expected: remind('call Sam', '2026-06-10 16:00') },
    { message: 'remind me Friday at 5:30 to call the bank', lang: 'en', expected: remind('call the bank', '2026-06-12 17:30') },
  ],
  'English recurrence': [
    { message: 'remind me every day at 9pm to journal', lang: 'en', expected: remind('journal', '2026-06-10 21:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'remind me every weekday at 8am to stand up', lang: 'en', expected: remind('stand up', '2026-06-11 08:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' }) },
    { message: 'remind me every monday at 6pm to do groceries', lang: 'en', expected: remind('do groceries', '2026-06-15 18:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO' }) },
    { message: 'remind me every morning to meditate', lang: 'en', expected: remind('meditate', '2026-06-11 08:00', { rrule: 'FREQ=DAILY', explicit: false }) },
    { message: 'remind me every night at 10 to floss', lang: 'en', expected: remind('floss', '2026-06-10 22:00', { rrule: 'FREQ=DAILY' }) },
    { message: 'remind me every month on the 1st at 9am to pay rent', lang: 'en', expected: remind('pay rent', '2026-07-01 09:00', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' }) },
    { message: 'remind me on the 15th of every month to pay the card', lang: 'en', expected: remind('pay the card', '2026-06-15 09:00', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', explicit: false }) },
    { message: 'remind me on weekends at 10am to run', lang: 'en', expected: remind('run', '2026-06-13 10:00', { rrule: 'FREQ=WEEKLY;BYDAY=SA,SU' }) },
    { message: 'remind me mondays at 6pm to call', lang: 'en', expected: remind('call', '2026-06-15 18:00', { rrule: 'FREQ=WEEKLY;BYDAY=MO' }) },
    { message: 'remind me every other week to water the plants', lang: 'en', expected: remind('water the plants', '2026-06-17 09:00', { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', explicit: false }) },
    { message: 'every day at 8am take vitamins', lang: 'en', expected: remind('take vitamins', '2026-06-11 08:00', { rrule: 'FREQ=DAILY' }) },
  ],
  'issue 15: times in words, holidays, deadlines, zones, misspelt triggers': [
    { message: 'rappelle-moi à midi moins cinq de partir', expected: remind('partir', '2026-06-11 11:55') },
    { message: 'rappelle-moi à dix-sept heures et quart de texter Julie', expected: remind('texter Julie', '2026-06-10 17:15') },
    { message: 'remind me at a quarter to 8 tonight to call mom', lang: 'en', expected: remind('call mom', '2026-06-10 19:45') },
    { message: 'rappellle-moi de payer le loyer demain à 15h30', expected: remind('payer le loyer', '2026-06-11 15:30') },
    { message: 'remnd me to pay the rent tomorrow at 3pm', lang: 'en', expected: remind('pay the rent', '2026-06-11 15:00') },
    { message: "rappelle-moi à Noël d'appeler mamie", expected: remind('appeler mamie', '2026-12-25 09:00', DEFAULT) },
    { message: 'rappelle-moi de payer le loyer avant vendredi', expected: remind('payer le loyer', '2026-06-11 09:00', DEFAULT) },
    { message: 'remind me to call Sam at 3pm PST', lang: 'en', expected: remind('call Sam', '2026-06-10 18:00') },
    { message: 'rappelle-moi dans une demi-heure de sortir le poulet', expected: remind('sortir le poulet', '2026-06-10 14:30') },
    { message: 'rappelle-moi lundi en huit de payer Hydro', expected: remind('payer Hydro', '2026-06-22 09:00', DEFAULT) },
    { message: 'remind me this weekend to call mom', lang: 'en', expected: ask(/Which day/, 'call mom') },
    { message: 'rappelle-moi le premier lundi de chaque mois de payer le loyer', expected: remind('payer le loyer', '2026-07-06 09:00', { ...DEFAULT, rrule: 'FREQ=MONTHLY;BYDAY=1MO' }) },
    { message: 'remind me every two weeks on Thursdays at 7pm to call mom', lang: 'en', expected: remind('call mom', '2026-06-11 19:00', { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH' }) },
    { message: 'remind me to water the plants Saturday mornings', lang: 'en', expected: remind('water the plants', '2026-06-13 08:00', { ...DEFAULT, rrule: 'FREQ=WEEKLY;BYDAY=SA' }) },
    { message: 'remind me the last Friday of every month to water the plants', lang: 'en', expected: remind('water the plants', '2026-06-26 09:00', { ...DEFAULT, rrule: 'FREQ=MONTHLY;BYDAY=-1FR' }) },
    { message: 'rappelle-moi de payer à midi quarante-sept et demie', expected: ask(/pas compris tout le moment/, 'payer et demie') },
  ],
  'time words that belong to the task': [
    { message: "rappelle-moi d'acheter les cadeaux de Noël demain à 10h", expected: remind('acheter les cadeaux de Noël', '2026-06-11 10:00') },
    { message: 'rappelle-moi de changer la pile du détecteur demain à 10h', expected: remind('changer la pile du détecteur', '2026-06-11 10:00') },
    { message: 'rappelle-moi de faire 30 minutes de yoga à 18h', expected: remind('faire 30 minutes de yoga', '2026-06-10 18:00') },
    { message: 'rappelle-moi de payer la facture du mois demain', expected: remind('payer la facture du mois', '2026-06-11 09:00', DEFAULT) },
    { message: 'remind me to buy black beans tomorrow at 10am', lang: 'en', expected: remind('buy black beans', '2026-06-11 10:00') },
    { message: 'remind me to buy Christmas gifts on Friday', lang: 'en', expected: remind('buy Christmas gifts', '2026-06-12 09:00', DEFAULT) },
  ],
  'questions back to the person': [
    { message: "rappelle-moi d'appeler maman", expected: ask(ASK_TIME_FR, 'appeler maman') },
    { message: 'faut que je pense à acheter du lait', expected: ask(ASK_TIME_FR, 'acheter du lait') },
    { message: 'fais-moi penser à rappeler le plombier', expected: ask(ASK_TIME_FR, 'rappeler le plombier') },
    { message: 'rappelle-moi à 8h', expected: ask(ASK_WHAT_FR, null) },
    { message: 'rappelle-moi demain', expected: ask(ASK_WHAT_FR, null) },
    { message: 'rappelle-moi', expected: ask(ASK_WHAT_FR, null) },
    { message: 'remind me to call mom', lang: 'en', expected: ask(ASK_TIME_EN, 'call mom') },
    { message: 'remind me at 5pm', lang: 'en', expected: ask(ASK_WHAT_EN, null) },
    { message: 'rappelle-moi le 31 février de payer', expected: ask(/Le 31 février n'existe pas/, 'payer') },
    { message: 'rappelle-moi de payer le 29 février', expected: ask(/Le 29 février n'existe pas/, 'payer') },
    { message: 'remind me on February 30 to pay', lang: 'en', expected: ask(/February 30 doesn't exist/, 'pay') },
    { message: 'rappelle-moi à 8h et à 9h de partir', expected: ask(TWO_TIMES_FR, 'partir') },
    { message: 'remind me at 5pm and at 6pm to leave', lang: 'en', expected: ask(/more than one time/, 'leave') },
    { message: 'rappelle-moi lundi et mardi de partir', expected: ask(TWO_DAYS_FR, 'partir') },
    { message: "rappelle-moi aujourd'hui à 8h d'appeler", expected: ask(PAST_FR, 'appeler') },
    { message: 'rappelle-moi le 10 juin à 9h de payer', expected: ask(PAST_FR, 'payer') },
    { message: 'remind me this morning to call', lang: 'en', expected: ask(/already passed/, 'call') },
    { message: 'rappelle-moi de laisser mijoter pendant 2 heures', expected: ask(ASK_TIME_FR, 'laisser mijoter pendant 2 heures') },
  ],
  'messages that are not reminder requests': [
    { message: 'bonjour', expected: NONE },
    { message: 'Salut ça va?', expected: NONE },
    { message: 'STOP', expected: NONE },
    { message: 'stop', expected: NONE },
    { message: 'Arrêt', expected: NONE },
    { message: 'c’est quoi la météo demain?', expected: NONE },
    { message: 'je finis à 17h', expected: NONE },
    { message: "j'ai un rendez-vous à 15h", expected: NONE },
    { message: 'OK', expected: NONE },
    { message: 'merci!', expected: NONE },
    { message: 'on se voit à 20h', expected: NONE },
    { message: 'bonne soirée', expected: NONE },
    { message: 'acheter 2 pommes', expected: NONE },
    { message: 'mes rappels', expected: NONE },
    { message: 'annule 2', expected: NONE },
    { message: '', expected: NONE },
    { message: 'the meeting is at 3pm', lang: 'en', expected: NONE },
    { message: "I'm at work until 5", lang: 'en', expected: NONE },
    { message: 'what time is it?', lang: 'en', expected: NONE },
    { message: 'hello there', lang: 'en', expected: NONE },
  ],
  'daylight saving time in Toronto': [
    {
      message: 'rappelle-moi demain à 2h30 de sortir',
      now: SAT_BEFORE_SPRING_FORWARD,
      expected: remind('sortir', '2027-03-14 03:00', { utc: '2027-03-14T07:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi demain à 8h de sortir',
      now: SAT_BEFORE_SPRING_FORWARD,
      expected: remind('sortir', '2027-03-14 08:00', { utc: '2027-03-14T12:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi dans 1h de sortir',
      now: '2027-03-14T06:30:00Z',
      expected: remind('sortir', '2027-03-14 03:30', { utc: '2027-03-14T07:30:00.000Z' }),
    },
    {
      message: 'rappelle-moi tous les jours à 2h30 de prendre ma pilule',
      now: SAT_BEFORE_SPRING_FORWARD,
      expected: remind('prendre ma pilule', '2027-03-14 03:00', { rrule: 'FREQ=DAILY', utc: '2027-03-14T07:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi demain à 1h30 de dormir',
      now: SAT_BEFORE_FALL_BACK,
      expected: remind('dormir', '2026-11-01 01:30', { utc: '2026-11-01T05:30:00.000Z' }),
    },
    {
      message: 'remind me tomorrow at 8am to run',
      now: SAT_BEFORE_FALL_BACK,
      lang: 'en',
      expected: remind('run', '2026-11-01 08:00', { utc: '2026-11-01T13:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi dans 1h de sortir',
      now: '2026-11-01T05:30:00Z',
      expected: remind('sortir', '2026-11-01 01:30', { utc: '2026-11-01T06:30:00.000Z' }),
    },
    {
      message: 'rappelle-moi tous les jours à 8h de prendre mes pilules',
      now: SAT_BEFORE_FALL_BACK,
      expected: remind('prendre mes pilules', '2026-11-01 08:00', { rrule: 'FREQ=DAILY', utc: '2026-11-01T13:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi lundi à 9h de payer',
      now: SAT_BEFORE_FALL_BACK,
      expected: remind('payer', '2026-11-02 09:00', { utc: '2026-11-02T14:00:00.000Z' }),
    },
  ],
  'another zone: Paris and its DST': [
    { message: 'rappelle-moi à 20h de prendre mes médicaments', now: PARIS_WED_1400, tz: PARIS, expected: remind('prendre mes médicaments', '2026-06-10 20:00', { utc: '2026-06-10T18:00:00.000Z' }) },
    { message: 'rappelle-moi demain matin de courir', now: PARIS_WED_1400, tz: PARIS, expected: remind('courir', '2026-06-11 08:00', DEFAULT) },
    { message: 'rappelle-moi à 9h de partir', now: PARIS_WED_1400, tz: PARIS, expected: remind('partir', '2026-06-11 09:00') },
    {
      message: 'rappelle-moi demain à 2h30 de sortir',
      now: PARIS_SAT_BEFORE_SPRING_FORWARD,
      tz: PARIS,
      expected: remind('sortir', '2027-03-28 03:00', { utc: '2027-03-28T01:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi demain à 2h30 de sortir',
      now: PARIS_SAT_BEFORE_FALL_BACK,
      tz: PARIS,
      expected: remind('sortir', '2026-10-25 02:30', { utc: '2026-10-25T00:30:00.000Z' }),
    },
    {
      message: 'remind me every day at 9am to stretch',
      now: PARIS_SAT_BEFORE_FALL_BACK,
      tz: PARIS,
      lang: 'en',
      expected: remind('stretch', '2026-10-25 09:00', { rrule: 'FREQ=DAILY', utc: '2026-10-25T08:00:00.000Z' }),
    },
    {
      message: 'rappelle-moi dans 2 heures de sortir',
      now: '2026-10-25T00:30:00Z',
      tz: PARIS,
      expected: remind('sortir', '2026-10-25 03:30', { utc: '2026-10-25T02:30:00.000Z' }),
    },
  ],
  'the language of the message wins over the default': [
    { message: 'remind me to call mom at 5pm', lang: 'fr', expected: remind('call mom', '2026-06-10 17:00', { language: 'en' }) },
    { message: 'rappelle-moi de prendre mes médicaments à 20h', lang: 'en', expected: remind('prendre mes médicaments', '2026-06-10 20:00', { language: 'fr' }) },
    { message: "rappelle-moi d'appeler maman", lang: 'en', expected: { kind: 'clarify', text: 'appeler maman', question: ASK_TIME_FR, language: 'fr' } },
  ],
};

function check(row: Row, intent: ReminderIntent): void {
  const tz = row.tz ?? TORONTO;
  const expected = row.expected;
  const language = ('language' in expected && expected.language) || row.lang || 'fr';
  if (expected.kind === 'none') {
    expect(intent).to.deep.equal({ kind: 'none' });
    return;
  }
  if (expected.kind === 'clarify') {
    expect(intent.kind, JSON.stringify(intent)).to.equal('clarify');
    if (intent.kind !== 'clarify') return;
    expect(intent.text).to.equal(expected.text);
    expect(intent.question).to.match(expected.question);
    expect(intent.language).to.equal(language);
    return;
  }
  expect(intent.kind, JSON.stringify(intent)).to.equal('reminder');
  if (intent.kind !== 'reminder') return;
  expect({
    text: intent.text,
    due: local(intent.dueAt, tz),
    rrule: intent.rrule,
    language: intent.language,
    explicit: intent.explicitTime,
  }).to.deep.equal({
    text: expected.text,
    due: expected.due,
    rrule: expected.rrule ?? null,
    language,
    explicit: expected.explicit ?? true,
  });
  if (expected.utc) expect(intent.dueAt.toISOString()).to.equal(expected.utc);
}

function describeExpectation(expected: Expected): string {
  if (expected.kind === 'none') return 'is not a reminder request';
  if (expected.kind === 'clarify') return 'asks a question back';
  return `is a reminder due ${expected.due}${expected.rrule ? ` repeating ${expected.rrule}` : ''}`;
}

describe('reminder parser', () => {
  for (const [group, rows] of Object.entries(GROUPS)) {
    describe(group, () => {
      for (const row of rows) {
        it(`says ${JSON.stringify(row.message)} ${describeExpectation(row.expected)}`, () => {
          const ctx = { now: new Date(row.now ?? WED_1400), timezone: row.tz ?? TORONTO, language: row.lang ?? 'fr' };
          check(row, parseReminder(row.message, ctx));
        });
      }
    });
  }

  describe('purity', () => {
    it('gives the same answer every time for the same input', () => {
      const ctx = { now: new Date(WED_1400), timezone: TORONTO, language: 'fr' as const };
      const first = parseReminder('rappelle-moi tous les jours à 8h de prendre mes pilules', ctx);
      expect(parseReminder('rappelle-moi tous les jours à 8h de prendre mes pilules', ctx)).to.deep.equal(first);
    });

    it('never reads the wall clock', () => {
      const RealDate = Date;
      class NoClockDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) throw new Error('the wall clock was read');
          super(...(args as [number]));
        }
        static override now(): number {
          throw new Error('the wall clock was read');
        }
      }
      const messages = [
        'rappelle-moi demain à 8h de partir',
        'rappelle-moi dans 20 minutes de partir',
        'remind me every monday at 6pm to call',
        'rappelle-moi tous les mois le 1er à 9h de payer',
        'rappelle-moi à soir de sortir le chien',
      ];
      const ctx = { now: new RealDate(WED_1400), timezone: TORONTO, language: 'fr' as const };
      globalThis.Date = NoClockDate as DateConstructor;
      try {
        for (const message of messages) expect(parseReminder(message, ctx).kind).to.equal('reminder');
      } finally {
        globalThis.Date = RealDate;
      }
    });
  });

  describe('detectLanguage', () => {
    const cases: Array<[string, Lang, Lang]> = [
      ['rappelle-moi de prendre mes médicaments', 'en', 'fr'],
      ['remind me to take my meds', 'fr', 'en'],
      ["d'accord c'est fait", 'en', 'fr'],
      ['Ok c fait', 'en', 'fr'],
      ['done, thanks', 'fr', 'en'],
      ["I'm done", 'fr', 'en'],
      ['à soir', 'en', 'fr'],
      ['OK', 'fr', 'fr'],
      ['OK', 'en', 'en'],
      ['STOP', 'en', 'en'],
      ['👍', 'fr', 'fr'],
      ['tomorrow at 5pm', 'fr', 'en'],
      ['demain à 17h', 'en', 'fr'],
    ];
    for (const [message, fallback, language] of cases) {
      it(`reads ${JSON.stringify(message)} as ${language === 'fr' ? 'French' : 'English'} (default ${fallback})`, () => {
        expect(detectLanguage(message, fallback)).to.equal(language);
      });
    }
  });

  describe('parseWhen', () => {
    const ctx = { now: new Date(WED_1400), timezone: TORONTO, language: 'fr' as const };

    it('resolves a lone time and leaves nothing over', () => {
      const when = parseWhen('demain 9h', ctx);
      expect(when && { due: local(when.dueAt, TORONTO), remainder: when.remainder }).to.deep.equal({
        due: '2026-06-11 09:00',
        remainder: '',
      });
    });

    it('returns what is not a time as the remainder', () => {
      expect(parseWhen('banane à 18h', ctx)?.remainder).to.equal('banane');
    });

    it('returns null without a time', () => {
      expect(parseWhen('banane', ctx)).to.equal(null);
    });
  });
});
