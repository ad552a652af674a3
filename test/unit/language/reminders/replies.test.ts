import { expect } from 'chai';
import { parseDelayMinutes } from '../../../../language/reminders/parser';
import { classifyReminderReply, type ReminderReply } from '../../../../language/reminders/replies';
import { type Lang, zonedParts } from '../../../../language/time';

const TORONTO = 'America/Toronto';
// Wednesday 2026-06-10, 14:00 in Toronto; the open reminder was due at 13:55.
const NOW = '2026-06-10T18:00:00Z';
const DUE = '2026-06-10T17:55:00Z';

function local(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

type Expected =
  | { kind: 'ack' | 'cancel' | 'list' | null }
  | { kind: 'snooze'; until: string }
  | { kind: 'cancelIndex'; index: number }
  | { kind: 'moveIndex'; index: number; dueAt: string };

interface Row {
  message: string;
  expected: Expected;
  now?: string;
  tz?: string;
  lang?: Lang;
  dueAt?: string | null;
}

/** Makes the reply comparable: instants become local wall times in the row's zone. */
function comparable(reply: ReminderReply, tz: string): Expected {
  if (reply === null) return { kind: null };
  switch (reply.kind) {
    case 'snooze':
      return { kind: 'snooze', until: local(reply.until, tz) };
    case 'moveIndex':
      return { kind: 'moveIndex', index: reply.index, dueAt: local(reply.dueAt, tz) };
    default:
      return reply;
  }
}

const ROWS: Row[] = [
  // Acknowledgements.
  { message: 'OK', expected: { kind: 'ack' } },
  { message: 'ok!', expected: { kind: 'ack' } },
  { message: 'fait', expected: { kind: 'ack' } },
  { message: 'Fait!', expected: { kind: 'ack' } },
  { message: "c'est fait", expected: { kind: 'ack' } },
  { message: 'C’est fait merci', expected: { kind: 'ack' } },
  { message: 'Ok c fait', expected: { kind: 'ack' } },
  { message: 'done', expected: { kind: 'ack' } },
  { message: 'Done!', expected: { kind: 'ack' } },
  { message: 'I did it', expected: { kind: 'ack' } },
  { message: 'oui merci', expected: { kind: 'ack' } },
  { message: 'pris', expected: { kind: 'ack' } },
  { message: '👍', expected: { kind: 'ack' } },
  { message: '👍👍', expected: { kind: 'ack' } },
  { message: '✅ merci', expected: { kind: 'ack' } },
  // Snoozes.
  { message: '10 min', expected: { kind: 'snooze', until: '2026-06-10 14:10' } },
  { message: '30 minutes', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'ok 10 min', expected: { kind: 'snooze', until: '2026-06-10 14:10' } },
  { message: '+15', expected: { kind: 'snooze', until: '2026-06-10 14:15' } },
  { message: '1h', expected: { kind: 'snooze', until: '2026-06-10 15:00' } },
  { message: '2 h 30', expected: { kind: 'snooze', until: '2026-06-10 16:30' } },
  { message: 'dans 1h', expected: { kind: 'snooze', until: '2026-06-10 15:00' } },
  { message: 'dans 20 minutes svp', expected: { kind: 'snooze', until: '2026-06-10 14:20' } },
  { message: 'in 2 hours', expected: { kind: 'snooze', until: '2026-06-10 16:00' } },
  { message: 'in an hour', expected: { kind: 'snooze', until: '2026-06-10 15:00' } },
  { message: 'rappelle-moi dans 15 min', expected: { kind: 'snooze', until: '2026-06-10 14:15' } },
  { message: 'snooze', expected: { kind: 'snooze', until: '2026-06-10 14:10' } },
  { message: 'Snooze 15', expected: { kind: 'snooze', until: '2026-06-10 14:15' } },
  { message: 'plus tard', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'Plus tard!', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'later', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'remind me later', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'tantôt', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'pas maintenant', expected: { kind: 'snooze', until: '2026-06-10 14:30' } },
  { message: 'demain', expected: { kind: 'snooze', until: '2026-06-11 13:55' } },
  { message: 'tomorrow', expected: { kind: 'snooze', until: '2026-06-11 13:55' } },
  { message: 'reporte à demain', expected: { kind: 'snooze', until: '2026-06-11 13:55' } },
  { message: 'reporte à 18h', expected: { kind: 'snooze', until: '2026-06-10 18:00' } },
  { message: 'demain', dueAt: null, expected: { kind: 'snooze', until: '2026-06-11 14:00' } },
  { message: 'demain matin', expected: { kind: 'snooze', until: '2026-06-11 08:00' } },
  { message: 'ce soir', expected: { kind: 'snooze', until: '2026-06-10 19:00' } },
  { message: 'à 18h', expected: { kind: 'snooze', until: '2026-06-10 18:00' } },
  { message: '18h', expected: { kind: 'snooze', until: '2026-06-10 18:00' } },
  { message: 'at 6pm', lang: 'en', expected: { kind: 'snooze', until: '2026-06-10 18:00' } },
  { message: 'lundi', expected: { kind: 'snooze', until: '2026-06-15 09:00' } },
  // "demain" keeps the reminder's local clock time across the Toronto fall back.
  {
    message: 'demain',
    now: '2026-10-31T12:05:00Z',
    dueAt: '2026-10-31T12:00:00Z',
    expected: { kind: 'snooze', until: '2026-11-01 08:00' },
  },
  // Cancelling the open reminder, never on the carrier word STOP.
  { message: 'annule', expected: { kind: 'cancel' } },
  { message: 'Annuler', expected: { kind: 'cancel' } },
  { message: 'annule ça', expected: { kind: 'cancel' } },
  { message: 'ok annule', expected: { kind: 'cancel' } },
  { message: 'cancel', lang: 'en', expected: { kind: 'cancel' } },
  { message: 'cancel it', lang: 'en', expected: { kind: 'cancel' } },
  { message: 'laisse faire', expected: { kind: 'cancel' } },
  { message: 'stop', expected: { kind: null } },
  { message: 'STOP', expected: { kind: null } },
  // Listing.
  { message: 'mes rappels', expected: { kind: 'list' } },
  { message: 'Mes rappels?', expected: { kind: 'list' } },
  { message: 'liste de rappels', expected: { kind: 'list' } },
  { message: 'quels sont mes rappels?', expected: { kind: 'list' } },
  { message: 'what are my reminders', lang: 'en', expected: { kind: 'list' } },
  { message: 'my reminders', lang: 'en', expected: { kind: 'list' } },
  // Commands on a numbered reminder.
  { message: 'annule 2', expected: { kind: 'cancelIndex', index: 2 } },
  { message: 'annule le 2', expected: { kind: 'cancelIndex', index: 2 } },
  { message: 'supprime le rappel 3', expected: { kind: 'cancelIndex', index: 3 } },
  { message: 'cancel 2', lang: 'en', expected: { kind: 'cancelIndex', index: 2 } },
  { message: 'cancel #4', lang: 'en', expected: { kind: 'cancelIndex', index: 4 } },
  { message: 'déplace 2 à 18h', expected: { kind: 'moveIndex', index: 2, dueAt: '2026-06-10 18:00' } },
  { message: 'move 2 to 6pm', lang: 'en', expected: { kind: 'moveIndex', index: 2, dueAt: '2026-06-10 18:00' } },
  { message: 'reporte le 2 à demain 9h', expected: { kind: 'moveIndex', index: 2, dueAt: '2026-06-11 09:00' } },
  { message: 'déplace le 1 à lundi', expected: { kind: 'moveIndex', index: 1, dueAt: '2026-06-15 09:00' } },
  { message: 'move 2 to banana', lang: 'en', expected: { kind: null } },
  // Anything else is conversation.
  { message: 'bonjour', expected: { kind: null } },
  { message: 'quoi?', expected: { kind: null } },
  { message: 'non', expected: { kind: null } },
  { message: 'non merci', expected: { kind: null } },
  { message: '🙂', expected: { kind: null } },
  { message: '', expected: { kind: null } },
  { message: "j'ai faim", expected: { kind: null } },
];

describe('reminder replies', () => {
  for (const row of ROWS) {
    const tz = row.tz ?? TORONTO;
    const verdict = row.expected.kind === null ? 'not a reminder reply' : `a ${row.expected.kind}`;
    it(`reads ${JSON.stringify(row.message)} as ${verdict}`, () => {
      const dueAt = row.dueAt === null ? undefined : new Date(row.dueAt ?? DUE);
      const ctx = { now: new Date(row.now ?? NOW), timezone: tz, language: row.lang ?? 'fr', dueAt };
      expect(comparable(classifyReminderReply(row.message, ctx), tz)).to.deep.equal(row.expected);
    });
  }

  describe('parseDelayMinutes', () => {
    const cases: Array<[string, number | null]> = [
      ['10 min', 10],
      ['dans 45 minutes', 45],
      ['1h30', 90],
      ['dans une heure et demie', 90],
      ['in half an hour', 30],
      ['+5', 5],
      ['dans 8h', 480],
      ['8h', null],
      ['18h', null],
      ['dans 2 jours', null],
      ['bonjour', null],
    ];
    for (const [text, minutes] of cases) {
      it(`reads ${JSON.stringify(text)} as ${minutes === null ? 'no delay' : `${minutes} minutes`}`, () => {
        expect(parseDelayMinutes(text)).to.equal(minutes);
      });
    }
  });
});
