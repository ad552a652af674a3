import { expect } from 'chai';
import {
  type DetectedIntent,
  detectAddTask,
  detectBreakdown,
  detectCompletion,
  detectForget,
  detectHint,
  detectIntent,
  detectListTasks,
  detectPlanDay,
  detectRecall,
  detectRemember,
  detectSmallTalk,
  isEmojiOnly,
  tidyArgument,
} from '../../../../language/brain/intents';
import { fold, prepare } from '../../../../language/prepare';
import type { Lang } from '../../../../language/time';
import type { ToolCall } from '../../../../workflows/lib/turn-plan';

type Detector = (message: string, fallback: Lang) => DetectedIntent | null;

/** [message, expected call or null, expected language (defaults to the row's detector language)] */
type Row = [string, ToolCall | null, Lang?];

interface Group {
  detect: Detector;
  rows: Row[];
}

const remember = (fact: string): ToolCall => ({ tool: 'remember', fact });
const recall = (query: string): ToolCall => ({ tool: 'recall', query });
const forget = (query: string): ToolCall => ({ tool: 'forget', query });
const add = (title: string): ToolCall => ({ tool: 'addTask', title });
const done = (index: number): ToolCall => ({ tool: 'completeTask', index });
const breakdown = (task: string): ToolCall => ({ tool: 'breakdownTask', task });
const PLAN: ToolCall = { tool: 'planDay' };
const TASKS: ToolCall = { tool: 'listTasks' };

const GROUPS: Record<string, Group> = {
  'detectRemember: a fact to keep, without the trigger words': {
    detect: detectRemember,
    rows: [
      ['souviens-toi que le code de mon casier est 4821', remember('le code de mon casier est 4821'), 'fr'],
      ['rappelle-toi que mon vélo est au sous-sol', remember('mon vélo est au sous-sol'), 'fr'],
      ["Retiens qu'il faut 3 timbres", remember('il faut 3 timbres'), 'fr'],
      ['note que le wifi est Maison2024.', remember('le wifi est Maison2024'), 'fr'],
      ["n'oublie pas que ma mère arrive jeudi", remember('ma mère arrive jeudi'), 'fr'],
      ['retiens ça: le dépanneur ferme à 23h', remember('le dépanneur ferme à 23h'), 'fr'],
      ['note: the gate code is 1234', remember('the gate code is 1234'), 'en'],
      ['remember that my bike lock combo is 7309', remember('my bike lock combo is 7309'), 'en'],
      ['keep in mind I park on level 3', remember('I park on level 3'), 'en'],
      ['remember my locker is 212', remember('my locker is 212'), 'en'],
      // Not memory: reminders, questions, a trigger alone.
      ['rappelle-moi de prendre mes pilules à 20h', null],
      ["rappelle-moi qu'il faut payer le loyer lundi", null],
      ["n'oublie pas de me rappeler d'appeler Julie", null],
      ['remember to call mom at 5', null],
      ['remember my locker number?', null],
      ['retiens', null],
      ['retiens que', null],
    ],
  },
  'detectRecall: the question words stripped': {
    detect: detectRecall,
    rows: [
      ["c'est quoi le code de mon casier?", recall('le code de mon casier'), 'fr'],
      ['quel est le code de mon casier', recall('le code de mon casier'), 'fr'],
      ["c'était quoi déjà le code du wifi", recall('le code du wifi'), 'fr'],
      ["le code de la porte, c'est quoi déjà?", recall('le code de la porte'), 'fr'],
      ["où j'ai stationné?", recall("j'ai stationné"), 'fr'],
      ["what's my bike lock combo?", recall('my bike lock combo'), 'en'],
      ['what is my passport number', recall('my passport number'), 'en'],
      ['do you remember my sister\u2019s birthday?', recall("my sister's birthday"), 'en'],
      ['remember my locker number?', recall('my locker number'), 'en'],
      ['remind me what my bike lock combo is', recall('my bike lock combo'), 'en'],
      // Reminders and lists are asked about with the same words.
      ['quel est mon prochain rappel?', { tool: 'listReminders' }, 'fr'],
      ["what's next on my list?", TASKS, 'en'],
      // Not about a stored fact.
      ["what's up", null],
      ["c'est quoi ton nom?", null],
      ["c'est quoi la météo demain?", null],
      ['quelle heure est-il?', null],
      ['remember my locker number', null],
    ],
  },
  'detectForget: what to delete': {
    detect: detectForget,
    rows: [
      ['oublie le code de mon casier', forget('le code de mon casier'), 'fr'],
      ['efface le mot de passe du wifi', forget('le mot de passe du wifi'), 'fr'],
      ["oublie ce que je t'ai dit sur mon ex", forget('mon ex'), 'fr'],
      ['supprime le code du garage de ta mémoire', forget('le code du garage'), 'fr'],
      ['forget my bike lock combo', forget('my bike lock combo'), 'en'],
      ['forget about the gate code', forget('the gate code'), 'en'],
      // A reminder answer, a reminder, a list, everything: not for the memory.
      ['oublie ça', null],
      ['forget it', null],
      ['oublie pas de sortir les vidanges', null],
      ['efface 2', null],
      ['efface mes rappels', null],
      ['oublie tout', null],
      ['delete my list', null],
    ],
  },
  'detectAddTask: the title alone': {
    detect: detectAddTask,
    rows: [
      ['ajoute à ma liste : acheter du lait', add('acheter du lait'), 'fr'],
      ['ajoute acheter du lait à ma liste', add('acheter du lait'), 'fr'],
      ['mets appeler le garage sur ma liste', add('appeler le garage'), 'fr'],
      ['à faire: payer Hydro', add('payer Hydro'), 'fr'],
      ['ajoute sortir le recyclage', add('sortir le recyclage'), 'fr'],
      ['add to my todo list: renew passport', add('renew passport'), 'en'],
      ['add renew passport to my list', add('renew passport'), 'en'],
      ['todo: call the bank', add('call the bank'), 'en'],
      ['todo: appeler le plombier', add('appeler le plombier'), 'fr'],
      // Reminder requests and empty titles are not tasks.
      ['ajoute un rappel demain à 9h pour le loyer', null],
      ['ajoute-moi un rappel pour appeler Marie à 18h', null],
      ['add a reminder to call mom at 6pm', null],
      ['mets ça sur ma liste', null],
      ['ajoute 10 minutes', null],
      ['ajoute', null],
    ],
  },
  'detectListTasks: the to-do list, not the reminders': {
    detect: detectListTasks,
    rows: [
      ['ma liste', TASKS, 'fr'],
      ['mes tâches', TASKS, 'fr'],
      ["qu'est-ce que j'ai à faire", TASKS, 'fr'],
      ['my list', TASKS, 'en'],
      ['my tasks', TASKS, 'en'],
      ['todo list', TASKS, 'en'],
      ['mes rappels', null],
      ['my reminders', null],
      ['ma liste de rappels', { tool: 'listReminders' }, 'fr'],
    ],
  },
  'detectCompletion: a number is required': {
    detect: detectCompletion,
    rows: [
      ['fait 2', done(2), 'fr'],
      ["c'est fait 2", done(2), 'fr'],
      ["j'ai fini 3", done(3), 'fr'],
      ['coche 2', done(2), 'fr'],
      ['Fait #12.', done(12), 'fr'],
      ['done 2', done(2), 'en'],
      ['finished 1', done(1), 'en'],
      ['#2 done', done(2), 'en'],
      // The answers to a reminder and other numbers stay theirs.
      ['fait', null],
      ["c'est fait", null],
      ['done', null],
      ['10 min', null],
      ['annule 2', null],
      ['fait 0', null],
      ['fait 2 fois le tour', null],
    ],
  },
  'detectBreakdown: the task to cut into steps': {
    detect: detectBreakdown,
    rows: [
      ['décompose: faire mes impôts', breakdown('faire mes impôts'), 'fr'],
      ['aide-moi à découper faire mes impôts', breakdown('faire mes impôts'), 'fr'],
      ['découpe préparer le déménagement en petites étapes', breakdown('préparer le déménagement'), 'fr'],
      ['break down: do my taxes', breakdown('do my taxes'), 'en'],
      ['help me break down cleaning the garage', breakdown('cleaning the garage'), 'en'],
      ['break my thesis into small steps', breakdown('my thesis'), 'en'],
      ['break it down', null],
      ['décompose', null],
    ],
  },
  'detectPlanDay: today': {
    detect: detectPlanDay,
    rows: [
      ['planifie ma journée', PLAN, 'fr'],
      ["mon plan pour aujourd'hui", PLAN, 'fr'],
      ["qu'est-ce que j'ai aujourd'hui", PLAN, 'fr'],
      ["qu'est-ce que j'ai à faire aujourd'hui?", PLAN, 'fr'],
      ['plan my day', PLAN, 'en'],
      ["what's my plan today", PLAN, 'en'],
      ['rappelle-moi de planifier ma journée demain à 8h', null],
      ['ma liste', null],
    ],
  },
  'detectIntent: the first tool that fits, in a safe order': {
    detect: detectIntent,
    rows: [
      ['note acheter du lait sur ma liste', add('acheter du lait'), 'fr'],
      ["c'est quoi ma liste?", TASKS, 'fr'],
      ["c'est quoi mon plan?", PLAN, 'fr'],
      ['aide-moi à planifier ma journée', PLAN, 'fr'],
      ["oublie pas que j'ai congé lundi", remember("j'ai congé lundi"), 'fr'],
      ['rappelle-moi de prendre mes pilules à 20h', null],
      ['prendre mes pilules à 20h', null],
      ['bonjour', null],
      ['', null],
    ],
  },
};

function describeCall(call: ToolCall | null): string {
  return call ? JSON.stringify(call) : 'nothing';
}

describe('offline brain intents', () => {
  for (const [name, { detect, rows }] of Object.entries(GROUPS)) {
    describe(name, () => {
      for (const [message, call, language] of rows) {
        it(`reads ${JSON.stringify(message)} as ${describeCall(call)}`, () => {
          const found = detect(message, 'fr');
          expect(found?.call ?? null).to.deep.equal(call);
          if (found && language) expect(found.language).to.equal(language);
        });
      }
    });
  }

  describe('language of a tool phrase', () => {
    it('follows the phrase, not the person\u2019s default', () => {
      expect(detectIntent('ajoute à ma liste: buy milk', 'en')?.language).to.equal('fr');
      expect(detectIntent('add acheter du lait to my list', 'fr')?.language).to.equal('en');
    });
    it('reads neutral phrases ("todo:", "note:") from their words, else the default', () => {
      expect(detectAddTask('todo: call the bank', 'fr')?.language).to.equal('en');
      expect(detectAddTask('todo: xyz', 'fr')?.language).to.equal('fr');
      expect(detectAddTask('todo: xyz', 'en')?.language).to.equal('en');
    });
  });

  describe('text helpers', () => {
    it('folds accents and case without changing the length', () => {
      for (const text of ['Été à Québec', 'ÇA VA', 'œuvre', 'İstanbul', 'emoji 😀 ok']) {
        expect(fold(text)).to.have.length(text.length);
      }
      expect(fold('Été à Québec, ÇA')).to.equal('ete a quebec, ca');
    });
    it('prepares a message: apostrophes, spaces, fillers at both ends, end punctuation', () => {
      expect(prepare('  Ok,  c\u2019est quoi   le CODE?? merci ')).to.deep.include({
        text: "c'est quoi le CODE",
        folded: "c'est quoi le code",
        question: true,
      });
      expect(prepare('ok').text).to.equal('ok');
    });
    it('tidies an argument: quotes and punctuation at the edges only', () => {
      expect(tidyArgument(' « acheter du lait ». ')).to.equal('acheter du lait');
      expect(tidyArgument('"call grandma"')).to.equal('call grandma');
      expect(tidyArgument('le code: 48-21')).to.equal('le code: 48-21');
    });
  });

  describe('small talk and hints', () => {
    const talk: Array<[string, string | null]> = [
      ['Bonjour!', 'greeting'],
      ['AIDE', 'help'],
      ['help?', 'help'],
      ['hi there', 'greeting'],
      ['merci beaucoup', 'thanks'],
      ['thanks!', 'thanks'],
      ['ça va?', 'howAreYou'],
      ['what can you do?', 'capabilities'],
      ["qu'est-ce que tu peux faire", 'capabilities'],
      ['bonne nuit', 'bye'],
      ['😀🎉', 'emoji'],
      ['🤷‍♀️', 'emoji'],
      ['ma liste', null],
      ['asdkjh', null],
    ];
    for (const [message, kind] of talk) {
      it(`reads ${JSON.stringify(message)} as ${kind ?? 'no small talk'}`, () => {
        expect(detectSmallTalk(message)?.kind ?? null).to.equal(kind);
      });
    }
    it('knows emoji-only messages', () => {
      expect(isEmojiOnly('👍')).to.equal(true);
      expect(isEmojiOnly('🎉 !!')).to.equal(true);
      expect(isEmojiOnly('ok 👍')).to.equal(false);
      expect(isEmojiOnly('???')).to.equal(false);
      expect(isEmojiOnly('')).to.equal(false);
    });
    it('gives an example when a tool word comes alone', () => {
      expect(detectHint('ajoute')).to.deep.equal({ tool: 'addTask', language: 'fr' });
      expect(detectHint('Remember')).to.deep.equal({ tool: 'remember', language: 'en' });
      expect(detectHint('forget')).to.deep.equal({ tool: 'forget', language: 'en' });
      expect(detectHint('décompose')).to.deep.equal({ tool: 'breakdownTask', language: 'fr' });
      expect(detectHint('fait 0')).to.deep.equal({ tool: 'completeTask', language: 'fr' });
      expect(detectHint('ajoute du lait')).to.equal(null);
    });
  });

  describe('robustness', () => {
    const odd = [
      '', ' ', '?', '...', '\u0000', '😀'.repeat(800), 'a'.repeat(1600), 'le '.repeat(533), 'fait '.repeat(320),
      "c'est quoi ".repeat(145), 'ajoute à ma liste '.repeat(80), '\uD83D', 'İİİ', '١٢٣', '漢字かな',
    ];
    it('never throws, and answers quickly, on odd or huge input', () => {
      const detectors = [detectCompletion, detectIntent, detectRemember, detectRecall, detectForget, detectAddTask, detectListTasks, detectBreakdown, detectPlanDay];
      for (const message of odd) {
        const started = Date.now();
        for (const detect of detectors) detect(message, 'fr');
        detectSmallTalk(message);
        detectHint(message);
        expect(Date.now() - started, JSON.stringify(message.slice(0, 20))).to.be.below(500);
      }
    });
  });
});
