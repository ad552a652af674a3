import { expect } from 'chai';
import { planText } from '../../activities/plan';

const TZ = 'America/Toronto';
// Wednesday 2 December 2026, EST (UTC-5).
const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00-05:00`);

describe("the day plan with today's calendar events", () => {
  it('starts with the events, then the reminders and the tasks', () => {
    const text = planText(
      [{ text: 'prendre mes médicaments', dueAt: at('20:00') }],
      [{ title: 'payer le loyer' }],
      TZ,
      'fr',
      [{ title: 'Dentiste', start: at('09:30').toISOString() }, { title: 'Congé', start: null }],
    );
    expect(text).to.equal("Ton plan pour aujourd'hui:\nAgenda: 9 h 30 Dentiste; journée Congé\n1. 20 h - prendre tes médicaments\nSur ta liste: payer le loyer");
  });

  it('is a plan when only events are there, and names 5 at most', () => {
    const events = Array.from({ length: 7 }, (_, i) => ({ title: `Réunion ${i + 1}`, start: at(`${String(9 + i).padStart(2, '0')}:00`).toISOString() }));
    const text = planText([], [], TZ, 'en', events);
    expect(text).to.equal('Your plan for today:\nCalendar: 9 AM Réunion 1; 10 AM Réunion 2; 11 AM Réunion 3; 12 PM Réunion 4; 1 PM Réunion 5 (+2)');
  });

  it('without events, is the plan it was', () => {
    expect(planText([], [{ title: 'payer le loyer' }], TZ, 'fr')).to.equal("Ton plan pour aujourd'hui:\nSur ta liste: payer le loyer");
  });
});
