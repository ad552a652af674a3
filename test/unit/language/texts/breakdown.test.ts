import { expect } from 'chai';
import { type BreakdownTemplate, breakdownTemplate, templateSteps } from '../../../../language/texts/breakdown';
import { isGsm7 } from '../../../../language/sms/segments';
import type { Lang } from '../../../../language/time';

/** [task as the person said it, template] */
const ROWS: Array<[string, BreakdownTemplate]> = [
  ["mon rapport d'impôts", 'taxes'],
  ['faire ma déclaration de revenus', 'taxes'],
  ['my taxes', 'taxes'],
  ['my tax return', 'taxes'],
  ['mes courriels', 'emails'],
  ['faire le ménage de mes courriels', 'emails'],
  ['answer my emails', 'emails'],
  ['my inbox', 'emails'],
  ['payer mes factures', 'bills'],
  ['pay the bills', 'bills'],
  ['prendre rendez-vous chez le dentiste', 'appointment'],
  ['book a doctor appointment', 'appointment'],
  ['préparer mon déménagement', 'moving'],
  ['moving', 'moving'],
  ['le lavage', 'laundry'],
  ['faire la lessive', 'laundry'],
  ['the laundry', 'laundry'],
  ["faire l'épicerie", 'groceries'],
  ['groceries', 'groceries'],
  ['faire le ménage', 'cleaning'],
  ['nettoyer la cuisine', 'cleaning'],
  ['cleaning the kitchen', 'cleaning'],
  ['tidy my room', 'cleaning'],
  ['mon rapport', 'report'],
  ['my report', 'report'],
  ['write my essay', 'report'],
  ['apprendre le piano', 'generic'],
  ['learn piano', 'generic'],
  // Words inside other words are not the template's.
  ['planifier mes vacances', 'generic'],
  ['call mom', 'generic'],
];

describe('language/texts/breakdown: the template for a task', () => {
  for (const [task, template] of ROWS) {
    it(`${JSON.stringify(task)} → ${template}`, () => expect(breakdownTemplate(task)).to.equal(template));
  }
});

const TEMPLATES: BreakdownTemplate[] = ['taxes', 'emails', 'bills', 'appointment', 'moving', 'laundry', 'groceries', 'cleaning', 'report', 'generic'];
const A_TASK: Record<BreakdownTemplate, string> = {
  taxes: 'impôts', emails: 'courriels', bills: 'factures', appointment: 'rendez-vous', moving: 'déménagement',
  laundry: 'lavage', groceries: 'épicerie', cleaning: 'ménage', report: 'rapport', generic: 'piano',
};

describe('language/texts/breakdown: every template, in French and English', () => {
  for (const lang of ['fr', 'en'] as Lang[]) {
    for (const template of TEMPLATES) {
      it(`${lang} ${template}: 3 to 5 GSM-7 steps of 15 min at most, short enough for a 60-character task name in two SMS`, () => {
        const steps = templateSteps(A_TASK[template], lang);
        expect(steps.length).to.be.within(3, 5);
        for (const { action, minutes } of steps) {
          expect(isGsm7(action), action).to.equal(true);
          expect(minutes).to.be.within(1, 15);
          expect(action).to.not.match(/\b(?:should|devrais|oubli|retard|missed|manqu)/iu);
        }
        // Header (60 + 21) + footer (25) + the numbered lines: 306 GSM-7 units, two SMS.
        const lines = steps.map((s, i) => `${i + 1}. ${s.action} (${s.minutes} min)`).join('\n');
        expect(60 + 21 + 25 + 2 + lines.length).to.be.at.most(306);
      });
    }
  }

  it('answers in the language asked, whatever the task\'s words', () => {
    expect(templateSteps('my taxes', 'fr')[0]!.action).to.equal('Sors une enveloppe');
    expect(templateSteps("mes impôts", 'en')[0]!.action).to.equal('Grab one folder for tax papers');
  });
});
