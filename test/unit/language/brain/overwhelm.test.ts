import { expect } from 'chai';
import { type Struggle, detectStruggle } from '../../../../language/brain/overwhelm';
import { interpretOffline } from '../../../../language/brain/offline';
import { supportText } from '../../../../language/texts/support';
import type { Lang } from '../../../../language/time';

/** [message, expected struggle (null: not one), its language] */
const ROWS: Array<[string, Struggle | null, Lang?]> = [
  // French, Québec French
  ['je suis débordé', 'overwhelmed', 'fr'],
  ['Je suis tellement débordée cette semaine!', 'overwhelmed', 'fr'],
  ['chu débordé', 'overwhelmed', 'fr'],
  ["j'suis dans le jus", 'overwhelmed', 'fr'],
  ['je me sens dépassée', 'overwhelmed', 'fr'],
  ['chu à boutte', 'overwhelmed', 'fr'],
  ["j'ai trop de choses à faire", 'overwhelmed', 'fr'],
  ['je sais pas par où commencer', 'overwhelmed', 'fr'],
  ["c'est trop", 'overwhelmed', 'fr'],
  ["chu pas capable de m'y mettre", 'stuck', 'fr'],
  ["je suis pas capable de commencer", 'stuck', 'fr'],
  ["j'arrive pas à me concentrer", 'stuck', 'fr'],
  ["j'arrive pas à m'y mettre aujourd'hui", 'stuck', 'fr'],
  ['je procrastine', 'stuck', 'fr'],
  ['je procrastine encore', 'stuck', 'fr'],
  ['chu bloqué', 'stuck', 'fr'],
  ["j'ai pas d'énergie", 'tired', 'fr'],
  ["j'ai pu d'énergie", 'tired', 'fr'],
  ["j'ai pas de motivation", 'tired', 'fr'],
  ['aucune énergie', 'tired', 'fr'],
  ['chu brûlé', 'tired', 'fr'],
  ['je suis épuisée', 'tired', 'fr'],
  ['je suis débordé?', 'overwhelmed', 'fr'],
  ['Ugh, je suis débordé', 'overwhelmed', 'fr'],
  // English
  ["I'm overwhelmed", 'overwhelmed', 'en'],
  ['ugh im so overwhelmed', 'overwhelmed', 'en'],
  ['feeling overwhelmed today', 'overwhelmed', 'en'],
  ['I have too much to do', 'overwhelmed', 'en'],
  ["I don't know where to start", 'overwhelmed', 'en'],
  ["it's too much", 'overwhelmed', 'en'],
  ["I can't get started", 'stuck', 'en'],
  ['i cant focus', 'stuck', 'en'],
  ['I keep procrastinating', 'stuck', 'en'],
  ["I'm procrastinating again", 'stuck', 'en'],
  ["I'm stuck", 'stuck', 'en'],
  ['I have no energy', 'tired', 'en'],
  ["I don't have any energy left", 'tired', 'en'],
  ["I'm exhausted", 'tired', 'en'],
  ['so tired', 'tired', 'en'],
  ['burnt out', 'tired', 'en'],
  // Not a struggle: someone else, a happy overflow, a negation, the words inside a request
  ['je suis débordé de joie', null],
  ['je déborde de joie', null],
  ['mon frère est débordé', null],
  ["I'm overwhelmed with joy", null],
  ["I'm not overwhelmed", null],
  ['my boss is overwhelmed', null],
  ['la rivière déborde', null],
  ["je suis capable de m'y mettre", null],
  ['rappelle-moi que je suis débordé', null],
  ['procrastination tips', null],
  ['ma liste', null],
  ['bonjour', null],
];

describe('language/brain/overwhelm: the struggles a person names', () => {
  for (const [message, kind, lang] of ROWS) {
    it(`${JSON.stringify(message)} → ${kind ?? 'not a struggle'}`, () => {
      const found = detectStruggle(message, 'fr');
      if (kind === null) expect(found).to.equal(null);
      else expect(found).to.deep.equal({ kind, language: lang });
    });
  }
});

describe('language/brain/offline: a struggle gets one kind line and one tiny step, never "didn\'t understand"', () => {
  const ask = (body: string, language: Lang = 'fr') =>
    interpretOffline({ body, command: null, language, timezone: 'America/Toronto', openReminder: null, pendingReminderText: null }, new Date('2026-12-04T15:00:00Z'));

  const cases: Array<[string, Lang, Struggle]> = [
    ['je suis débordé', 'fr', 'overwhelmed'],
    ["chu pas capable de m'y mettre", 'fr', 'stuck'],
    ["j'ai pas d'énergie", 'fr', 'tired'],
    ["I'm overwhelmed", 'en', 'overwhelmed'],
    ["I can't get started", 'en', 'stuck'],
    ['I keep procrastinating', 'en', 'stuck'],
  ];
  for (const [body, lang, kind] of cases) {
    it(JSON.stringify(body), () => {
      // The person's setting is the other language: the message's own language wins.
      const plan = ask(body, lang === 'fr' ? 'en' : 'fr');
      expect(plan).to.deep.equal({ language: lang, kind: 'reply', text: supportText(kind, lang) });
      expect(plan.kind === 'reply' && plan.text).to.not.match(/compris|didn't get/i);
    });
  }

  it('leaves a reminder that mentions the words to the reminder parser', () => {
    expect(ask('rappelle-moi demain à 9h que je suis débordé').kind).to.equal('tool');
    expect(ask('remind me tomorrow at 9am that I have too much to do', 'en').kind).to.equal('tool');
  });

  it('offers a next step that works: the 5-minute reminder it suggests is understood', () => {
    const fr = ask('rappelle-moi dans 5 min de trier mes courriels');
    expect(fr.kind === 'tool' && fr.call).to.include({ tool: 'createReminder', text: 'trier mes courriels' });
    const en = ask('remind me in 5 min to sort my emails', 'en');
    expect(en.kind === 'tool' && en.call).to.include({ tool: 'createReminder', text: 'sort my emails' });
    const add = ask('ajoute ranger le bureau');
    expect(add.kind === 'tool' && add.call).to.deep.equal({ tool: 'addTask', title: 'ranger le bureau' });
  });
});
