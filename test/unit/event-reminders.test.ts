import { expect } from 'chai';
import { interpretOffline } from '../../language/brain/offline';
import { validateToolCall } from '../../activities/brain/tool-registry';
import { eventKey, eventReminderId, eventReminderText } from '../../activities/integrations/event-reminders';
import { clampLead } from '../../services/event-reminders';
import type { Lang } from '../../language/time';

const NOW = new Date('2026-12-02T15:00:00Z');

function plan(body: string, language: Lang = 'fr', open = false) {
  return interpretOffline(
    {
      body,
      command: null,
      language,
      timezone: 'America/Toronto',
      openReminder: open ? { reminderId: 'r1', text: 'payer le loyer', dueAt: '2026-12-02T14:55:00Z' } : null,
      pendingReminderText: null,
    },
    NOW,
  );
}

/** [message, enabled (null: not this intent), minutes, language] */
const ROWS: Array<[string, boolean | null, number | null, Lang?]> = [
  // French (France and Québec): on
  ['rappelle-moi 15 min avant mes rendez-vous', true, 15, 'fr'],
  ['Rappelle-moi 15 minutes avant mes rendez-vous.', true, 15, 'fr'],
  ['avertis-moi avant mes réunions', true, null, 'fr'],
  ['préviens-moi 30 min avant mes rdv', true, 30, 'fr'],
  ['rappelle-moi 1 h avant chaque rendez-vous', true, 60, 'fr'],
  ['avertis-moi une heure avant mes meetings', true, 60, 'fr'],
  ['avertis-moé 10 min avant mes meetings', true, 10, 'fr'],
  ['rappelle-moi une demi-heure avant mes réunions', true, 30, 'fr'],
  ['rappelle-moi 5 min avant mes événements', true, 5, 'fr'],
  ['rappelle-moi mes rendez-vous 20 min avant', true, 20, 'fr'],
  ["je veux un rappel 20 min avant mes rendez-vous", true, 20, 'fr'],
  ['active les rappels avant mes rendez-vous', true, null, 'fr'],
  ['texte-moi 45 min avant mes rendez-vous dans mon calendrier', true, 45, 'fr'],
  // French: off
  ['arrête les rappels avant mes rendez-vous', false, null, 'fr'],
  ['Arrête les rappels avant mes réunions!', false, null, 'fr'],
  ['plus de rappels avant mes rdv', false, null, 'fr'],
  ['désactive les rappels de rendez-vous', false, null, 'fr'],
  ['arrête de me rappeler mes rendez-vous', false, null, 'fr'],
  ['rappelle-moi plus avant mes meetings', false, null, 'fr'],
  // English: on
  ['remind me 10 minutes before my meetings', true, 10, 'en'],
  ['remind me before my meetings', true, null, 'en'],
  ['warn me 15 min before each meeting', true, 15, 'en'],
  ['Remind me 1 hour before my appointments.', true, 60, 'en'],
  ['text me half an hour before my events', true, 30, 'en'],
  ['turn on event reminders', true, null, 'en'],
  ['enable meeting reminders 20 min before', true, 20, 'en'],
  ['turn on reminders before my meetings', true, null, 'en'],
  // English: off
  ['stop event reminders', false, null, 'en'],
  ['turn off meeting reminders', false, null, 'en'],
  ['no more reminders before my events', false, null, 'en'],
  ['stop reminding me before my meetings', false, null, 'en'],
  ["don't remind me about my meetings anymore", false, null, 'en'],
  // Not this intent: ordinary reminders and other tools keep their meaning
  ['rappelle-moi dans 15 min de sortir les poubelles', null, null],
  ['remind me in 10 minutes to call mom', null, null],
  ['arrête le bilan du soir', null, null],
  ["qu'est-ce que j'ai demain?", null, null],
  ['annule 2', null, null],
  // Out of range leads are brought into 1–240 minutes (the reply says which)
  ['rappelle-moi 500 min avant mes rendez-vous', true, 240, 'fr'],
  ['remind me 0 min before my meetings', true, 1, 'en'],
];

describe('reminders before events', () => {
  describe('SMS phrases (offline brain, FR / QC / EN)', () => {
    for (const [message, enabled, minutes, language] of ROWS) {
      it(`reads ${JSON.stringify(message)} as ${enabled === null ? 'something else' : enabled ? `on (${minutes ?? 'default'} min)` : 'off'}`, () => {
        const p = plan(message);
        if (enabled === null) {
          if (p.kind === 'tool') expect(p.call.tool).not.to.equal('setEventReminders');
          return;
        }
        expect(p.kind).to.equal('tool');
        if (p.kind !== 'tool') return;
        expect(p.call).to.deep.equal({ tool: 'setEventReminders', enabled, minutes });
        expect(p.language).to.equal(language);
      });
    }

    it('is not taken for an answer to a reminder that just fired', () => {
      for (const message of ['stop event reminders', 'arrête les rappels avant mes rendez-vous', 'rappelle-moi 15 min avant mes rendez-vous']) {
        const p = plan(message, 'fr', true);
        expect(p.kind, message).to.equal('tool');
        if (p.kind === 'tool') expect(p.call.tool).to.equal('setEventReminders');
      }
    });
  });

  describe('the Gemini tool', () => {
    const ctx = { now: NOW, timezone: 'America/Toronto', language: 'fr' as const, openReminder: null };
    it('turns on with a lead, on with the default, and off', () => {
      expect(validateToolCall('set_event_reminders', { enabled: true, minutes: 10 }, ctx)).to.deep.equal({ tool: 'setEventReminders', enabled: true, minutes: 10 });
      expect(validateToolCall('set_event_reminders', { enabled: true }, ctx)).to.deep.equal({ tool: 'setEventReminders', enabled: true, minutes: null });
      expect(validateToolCall('set_event_reminders', { enabled: false, minutes: 10 }, ctx)).to.deep.equal({ tool: 'setEventReminders', enabled: false, minutes: null });
    });
    it('refuses a lead outside 1–240 minutes', () => {
      for (const minutes of [0, 241, 2.5, -5]) {
        expect(validateToolCall('set_event_reminders', { enabled: true, minutes }, ctx)).to.have.property('error');
      }
    });
  });

  describe('ids and texts', () => {
    const base = { userId: 'u1', provider: 'google' as const, eventId: 'ev1', start: new Date('2026-12-02T19:00:00Z'), leadMinutes: 15 };
    it('derives the same UUID from the same event, start and lead, and another when one changes', () => {
      const id = eventReminderId(base);
      expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(eventReminderId({ ...base })).to.equal(id);
      expect(eventReminderId({ ...base, start: new Date('2026-12-02T20:00:00Z') })).not.to.equal(id);
      expect(eventReminderId({ ...base, leadMinutes: 10 })).not.to.equal(id);
      expect(eventReminderId({ ...base, provider: 'microsoft' })).not.to.equal(id);
      expect(eventReminderId({ ...base, userId: 'u2' })).not.to.equal(id);
    });
    it('keys an event by provider and a hash of its id, never the id itself', () => {
      const key = eventKey('microsoft', 'AAMkAGI2TG93AAA=');
      expect(key).to.match(/^microsoft:[0-9a-f]{64}$/);
      expect(key.length).to.be.at.most(80);
    });
    it('says the event and its local time in the person\u2019s language', () => {
      const start = new Date('2026-12-02T19:00:00Z'); // 14:00 in Toronto
      expect(eventReminderText({ title: 'Dentiste', start, timezone: 'America/Toronto', language: 'fr', withTitle: true })).to.equal('Rendez-vous: Dentiste à 14 h');
      expect(eventReminderText({ title: 'Standup', start, timezone: 'America/Toronto', language: 'en', withTitle: true })).to.equal('Meeting: Standup at 2 PM');
      expect(eventReminderText({ title: 'Standup', start: new Date('2026-12-02T19:30:00Z'), timezone: 'America/Toronto', language: 'en', withTitle: true })).to.equal('Meeting: Standup at 2:30 PM');
      expect(eventReminderText({ title: 'Psychiatre', start, timezone: 'America/Toronto', language: 'fr', withTitle: false })).to.equal('Rendez-vous à 14 h');
    });
    it('clamps a lead to 1–240 minutes', () => {
      expect([0, 1, 15, 240, 1000].map(clampLead)).to.deep.equal([1, 1, 15, 240, 240]);
    });
  });
});
