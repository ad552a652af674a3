import { expect } from 'chai';
import { setCheckinText } from '../../../../activities/checkin';
import { parseHhmm } from '../../../../language/clock';
import { eveningText, morningText } from '../../../../language/texts/checkin';
import { countSegments } from '../../../../language/sms/segments';

describe('check-in texts', () => {
  const tz = 'America/Toronto';

  it('lists events, due reminders and the top 3 tasks in the morning, in local time', () => {
    const text = morningText(
      {
        events: [{ title: 'Dentiste', start: '2026-12-03T14:00:00Z' }, { title: 'Fête de Léa', start: null }],
        reminders: [{ text: 'prendre tes médicaments', dueAt: new Date('2026-12-03T13:30:00Z') }],
        tasks: ['payer le loyer', 'appeler maman', 'réserver le garage', 'ranger'],
        calendarConnected: true,
        timezone: tz,
      },
      'fr',
    );
    expect(text).to.equal(
      'Bon matin! Ta journée:\nAgenda: 9 h Dentiste; journée Fête de Léa\nRappels: 8 h 30 prendre tes médicaments\n' +
        'Top 3: 1. payer le loyer 2. appeler maman 3. réserver le garage\nCommence par la plus petite.',
    );
  });

  it('says the calendar is empty only when one is connected', () => {
    const base = { events: [], reminders: [], tasks: ['pay rent'], timezone: tz };
    expect(morningText({ ...base, calendarConnected: true }, 'en')).to.include('Calendar: nothing.');
    expect(morningText({ ...base, calendarConnected: false }, 'en')).not.to.include('Calendar');
  });

  it('suggests one small thing on an empty morning', () => {
    expect(morningText({ events: [], reminders: [], tasks: [], calendarConnected: false, timezone: tz }, 'en')).to.match(/^Good morning! Nothing planned today/);
  });

  it('fits a crowded morning in two SMS segments and counts what it left out', () => {
    const events = Array.from({ length: 12 }, (_, i) => ({ title: `Réunion importante numéro ${i + 1} avec l'équipe`, start: `2026-12-03T${String(13 + (i % 9)).padStart(2, '0')}:00:00Z` }));
    const text = morningText({ events, reminders: [], tasks: ['a', 'b', 'c'], calendarConnected: true, timezone: tz }, 'fr');
    expect(countSegments(text).units).to.be.at.most(306);
    expect(text).to.match(/\(\+\d+ autres\)/);
  });

  it('sums up the evening: done, slipped, and one question for tomorrow', () => {
    expect(eveningText({ done: ['payer le loyer'], slipped: ['appeler maman'] }, 'fr')).to.equal(
      'Bilan du soir.\nFait: payer le loyer. Bravo!\nReporté: appeler maman\nQuelle est LA chose la plus importante pour demain?',
    );
    expect(eveningText({ done: [], slipped: [] }, 'en')).to.equal("Evening wrap-up.\nDone: nothing checked off, and that's okay.\nWhat is the ONE most important thing for tomorrow?");
  });

  it('confirms settings changes in the person’s language', () => {
    const s = { morningTime: '07:30', eveningTime: '21:00' };
    expect(setCheckinText(s, ['morning'], true, 'fr')).to.equal("C'est noté: bilan du matin à 7 h 30, chaque jour.");
    expect(setCheckinText(s, ['evening'], false, 'en')).to.match(/^OK, no more evening check-in/);
    expect(setCheckinText(s, ['morning', 'evening'], true, 'en')).to.equal('Got it: morning check-in at 07:30, evening check-in at 21:00, every day.');
  });

  it('reads only valid 24-hour times', () => {
    expect(parseHhmm('07:30')).to.deep.equal({ hour: 7, minute: 30 });
    expect(parseHhmm('24:00')).to.equal(null);
    expect(parseHhmm('7:30')).to.equal(null);
  });
});
