import { ref } from '@mikro-orm/core';
import { expect } from 'chai';
import { createMemoryActivities } from '../../activities/memory';
import { MAX_MEMORIES_PER_USER } from '../../services/memory';
import { createPlanActivities } from '../../activities/plan';
import { createTaskActivities } from '../../activities/tasks';
import { openDatabase, type Orm } from '../../schemas/db';
import { type Language, Memory, Reminder, type ReminderStatus, Task, User } from '../../schemas/entities';
import { countSegments } from '../../language/sms/segments';
import { createTestDatabase, DB_KINDS, type DbKind, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';

/** A fresh database for the enclosing describe, migrated, dropped after it. */
function freshDatabase(kind: DbKind): () => Orm {
  let db: TestDatabase | undefined;
  let orm: Orm | undefined;
  before(async () => {
    db = await createTestDatabase(kind);
    orm = await openDatabase(db.config, { migrate: true });
  });
  after(async () => {
    await orm?.close(true);
    await db?.drop();
  });
  return () => orm!;
}

async function createUser(orm: Orm, language: Language = 'fr', timezone = 'America/Toronto'): Promise<User> {
  const user = new User({ phone: testNumber(), assistantNumber: testNumber(), language, timezone });
  user.consentedAt = new Date(); // Law 25 consent is covered by test/integration/privacy-consent.test.ts
  await orm.em.fork().persistAndFlush(user);
  return user;
}

for (const kind of DB_KINDS) {
  describe(`long-term memory (${kind})`, () => {
    const orm = freshDatabase(kind);
    const acts = () => createMemoryActivities({ orm: orm() });
    let alice: User;
    const facts = [
      'le code de mon casier est 4821',
      'le combo de mon cadenas de vélo est 5510',
      'My bike lock combo is 7309.',
      "Ma voisine s'appelle Hélène",
      'le numéro de mon passeport est AB123456',
      "j'ai garé ma voiture au niveau 3",
      "l'adresse de ma sœur est 12 rue Sainte-Catherine",
    ];

    before(async () => {
      alice = await createUser(orm());
      for (const fact of facts) await acts().remember({ userId: alice.id, language: 'fr', fact });
    });

    it('confirms a fact in the second person, in French and in English', async () => {
      const user = await createUser(orm(), 'en');
      expect(await acts().remember({ userId: user.id, language: 'fr', fact: 'le code de mon casier est 4821' })).to.deep.equal({
        reply: "C'est noté: le code de ton casier est 4821.",
      });
      expect(await acts().remember({ userId: user.id, language: 'en', fact: 'my bike lock combo is 7309' })).to.deep.equal({
        reply: "Got it, I'll remember: your bike lock combo is 7309.",
      });
      expect((await acts().remember({ userId: user.id, language: 'fr', fact: "j'ai garé ma voiture au niveau 3" })).reply).to.equal(
        "C'est noté: tu as garé ta voiture au niveau 3.",
      );
    });

    const cases: [query: string, expected: string | null][] = [
      ["c'est quoi le code de mon casier?", 'le code de mon casier est 4821'],
      ['casier', 'le code de mon casier est 4821'],
      ['CASIERS', 'le code de mon casier est 4821'],
      ['combo de mon cadenas de vélo', 'le combo de mon cadenas de vélo est 5510'],
      ['combo de mon cadenas de velo', 'le combo de mon cadenas de vélo est 5510'],
      ["what's my bike lock combo", 'My bike lock combo is 7309.'],
      ['Bike lock?', 'My bike lock combo is 7309.'],
      ["comment s'appelle ma voisine", "Ma voisine s'appelle Hélène"],
      ['helene', "Ma voisine s'appelle Hélène"],
      ['rappelle-moi le numero de passeport', 'le numéro de mon passeport est AB123456'],
      ["j'ai garé ma voiture où?", "j'ai garé ma voiture au niveau 3"],
      ['adresse de ma soeur', "l'adresse de ma sœur est 12 rue Sainte-Catherine"],
      ["c'est quoi le code du wifi?", null],
      ["what's my blood type", null],
      ["c'est quoi?", null],
    ];
    for (const [query, expected] of cases) {
      it(`recalls ${expected ? `"${expected}"` : 'nothing'} for "${query}"`, async () => {
        const result = await acts().recall({ userId: alice.id, language: 'fr', query });
        if (expected) {
          expect(result.matches).to.deep.equal([expected]);
          expect(result.reply).to.match(/^Tu m'as dit: /);
        } else {
          expect(result).to.deep.equal({ reply: "Je n'ai rien noté là-dessus.", matches: [] });
        }
      });
    }

    it('answers a question with the fact said back to the person', async () => {
      expect((await acts().recall({ userId: alice.id, language: 'fr', query: "c'est quoi le code de mon casier?" })).reply).to.equal(
        "Tu m'as dit: le code de ton casier est 4821.",
      );
      expect((await acts().recall({ userId: alice.id, language: 'en', query: "what's my bike lock combo" })).reply).to.equal(
        'You told me: your bike lock combo is 7309.',
      );
      expect((await acts().recall({ userId: alice.id, language: 'en', query: 'my blood type' })).reply).to.equal(
        "I don't have anything about that.",
      );
      expect(countSegments((await acts().recall({ userId: alice.id, language: 'fr', query: 'rien du tout' })).reply).encoding).to.equal('GSM-7');
    });

    it('gives the model related facts, loosely matched and capped', async () => {
      const found = await acts().searchMemories({ userId: alice.id, query: 'code wifi casier vélo bike', limit: 2 });
      expect(found).to.have.length(2);
      expect(await acts().searchMemories({ userId: alice.id, query: 'le la les' })).to.deep.equal([]);
    });

    it("never shows one person's memories to another", async () => {
      const bob = await createUser(orm());
      expect((await acts().recall({ userId: bob.id, language: 'fr', query: 'code de mon casier' })).matches).to.deep.equal([]);
      await acts().remember({ userId: bob.id, language: 'fr', fact: 'le code de mon casier est 9999' });
      expect((await acts().recall({ userId: bob.id, language: 'fr', query: 'code de mon casier' })).matches).to.deep.equal([
        'le code de mon casier est 9999',
      ]);
      expect(await acts().searchMemories({ userId: bob.id, query: 'code casier vélo bike voisine passeport', limit: 20 })).to.deep.equal([
        'le code de mon casier est 9999',
      ]);
      expect((await acts().recall({ userId: alice.id, language: 'fr', query: 'code de mon casier' })).matches).to.deep.equal([
        'le code de mon casier est 4821',
      ]);
    });

    it('forgets only the facts that contain every word asked, and only the asker’s', async () => {
      const carol = await createUser(orm());
      const dave = await createUser(orm());
      for (const fact of ['le code de mon casier est 4821', 'le code du garage est 1111', 'le wifi du chalet est Chalet2026']) {
        await acts().remember({ userId: carol.id, language: 'fr', fact });
      }
      await acts().remember({ userId: dave.id, language: 'fr', fact: 'le code de mon casier est 4821' });

      expect(await acts().forget({ userId: carol.id, language: 'fr', query: 'le code du wifi' })).to.deep.equal({
        reply: "Je n'ai rien trouvé à oublier là-dessus.",
      });
      expect(await acts().forget({ userId: carol.id, language: 'fr', query: 'le code de mon casier' })).to.deep.equal({
        reply: "C'est oublié: le code de ton casier est 4821.",
      });
      expect((await acts().recall({ userId: carol.id, language: 'fr', query: 'casier' })).matches).to.deep.equal([]);
      expect((await acts().recall({ userId: carol.id, language: 'fr', query: 'code du garage' })).matches).to.have.length(1);
      expect((await acts().recall({ userId: dave.id, language: 'fr', query: 'casier' })).matches).to.have.length(1);
      expect(await orm().em.fork().count(Memory, { user: carol.id })).to.equal(2);
    });

    it('refuses to forget when too many facts match', async () => {
      const user = await createUser(orm(), 'en');
      for (const n of [1, 2, 3, 4]) await acts().remember({ userId: user.id, language: 'en', fact: `the code of door ${n} is ${n}${n}${n}` });
      expect(await acts().forget({ userId: user.id, language: 'en', query: 'code' })).to.deep.equal({
        reply: '4 notes match. Tell me a bit more precisely what to forget.',
      });
      expect(await orm().em.fork().count(Memory, { user: user.id })).to.equal(4);
      expect((await acts().forget({ userId: user.id, language: 'en', query: 'door 3 code' })).reply).to.equal('Forgotten: the code of door 3 is 333.');
    });

    it('stores a fact said twice once, and refuses an empty or overlong one', async () => {
      const user = await createUser(orm());
      await acts().remember({ userId: user.id, language: 'fr', fact: 'Le code du garage est 1111' });
      await acts().remember({ userId: user.id, language: 'fr', fact: 'le code du garage est 1111.' });
      expect(await orm().em.fork().count(Memory, { user: user.id })).to.equal(1);
      expect((await acts().remember({ userId: user.id, language: 'fr', fact: ' ?! ' })).reply).to.match(/^Dis-moi quoi retenir/);
      expect((await acts().remember({ userId: user.id, language: 'fr', fact: 'a'.repeat(501) })).reply).to.equal(
        "C'est trop long pour une note (500 caractères max). Garde l'essentiel.",
      );
      expect(await orm().em.fork().count(Memory, { user: user.id })).to.equal(1);
    });

    it('stops at the per-person memory limit with a clear reply', async () => {
      const user = await createUser(orm());
      const em = orm().em.fork();
      for (let i = 0; i < MAX_MEMORIES_PER_USER; i += 1) {
        em.persist(new Memory({ user: ref(em.getReference(User, user.id)), text: `note numéro ${i}` }));
      }
      await em.flush();
      expect((await acts().remember({ userId: user.id, language: 'fr', fact: 'une de plus' })).reply).to.equal(
        `J'ai déjà ${MAX_MEMORIES_PER_USER} notes pour toi, c'est le maximum. Écris "oublie" et ce qui ne sert plus pour faire de la place.`,
      );
      expect((await acts().recall({ userId: user.id, language: 'fr', query: 'note 499' })).matches).to.deep.equal(['note numéro 499']);
    });

    it('deletes the memories of a deleted person, index included', async () => {
      const user = await createUser(orm());
      await acts().remember({ userId: user.id, language: 'fr', fact: 'mon chat s’appelle Biscuit' });
      await orm().em.fork().nativeDelete(User, { id: user.id });
      expect(await orm().em.fork().count(Memory, { user: user.id })).to.equal(0);
      if (kind === 'sqlite') {
        const rows: unknown[] = await orm().em.getConnection().execute('select memory_id from memories_fts where user_id = ?', [user.id]);
        expect(rows).to.have.length(0);
      }
    });
  });

  describe(`the to-do list (${kind})`, () => {
    const orm = freshDatabase(kind);
    const acts = () => createTaskActivities({ orm: orm() });

    it('adds tasks, lists them oldest first and counts what is left', async () => {
      const user = await createUser(orm());
      const add = (title: string) => acts().addTask({ userId: user.id, language: 'fr', title });
      expect(await add('acheter du lait')).to.deep.equal({ reply: 'Ajouté à ta liste: acheter du lait (1 à faire).' });
      expect((await add('renouveler le passeport.')).reply).to.equal('Ajouté à ta liste: renouveler le passeport (2 à faire).');
      expect((await add('appeler ma sœur')).reply).to.equal('Ajouté à ta liste: appeler ta sœur (3 à faire).');
      expect(await acts().listTasks({ userId: user.id, language: 'fr' })).to.deep.equal({
        reply: 'Ta liste:\n1. acheter du lait\n2. renouveler le passeport\n3. appeler ta sœur',
      });
    });

    it('does not add the same open task twice', async () => {
      const user = await createUser(orm(), 'en');
      await acts().addTask({ userId: user.id, language: 'en', title: 'buy milk' });
      expect((await acts().addTask({ userId: user.id, language: 'en', title: 'Buy milk!' })).reply).to.equal('Already on your list: buy milk (1 task).');
      expect(await orm().em.fork().count(Task, { user: user.id })).to.equal(1);
    });

    it('completes a task by its number in the list', async () => {
      const user = await createUser(orm());
      for (const title of ['acheter du lait', 'renouveler le passeport', 'appeler le dentiste']) {
        await acts().addTask({ userId: user.id, language: 'fr', title });
      }
      expect(await acts().completeTask({ userId: user.id, language: 'fr', index: 1 })).to.deep.equal({
        reply: "Bravo! Fait: acheter du lait. Il t'en reste 2.",
      });
      expect((await acts().completeTask({ userId: user.id, language: 'fr', index: 2 })).reply).to.equal(
        "Bravo! Fait: appeler le dentiste. Il t'en reste 1.",
      );
      expect((await acts().listTasks({ userId: user.id, language: 'fr' })).reply).to.equal('Ta liste:\n1. renouveler le passeport');
      expect((await acts().completeTask({ userId: user.id, language: 'fr', index: 1 })).reply).to.equal(
        'Bravo! Fait: renouveler le passeport. Ta liste est vide, bien joué.',
      );
      const done = await orm().em.fork().find(Task, { user: user.id, status: 'done' });
      expect(done).to.have.length(3);
      expect(done.every((t) => t.completedAt instanceof Date)).to.equal(true);
    });

    it('answers clearly when the number is not on the list', async () => {
      const user = await createUser(orm());
      expect((await acts().completeTask({ userId: user.id, language: 'fr', index: 1 })).reply).to.equal('Ta liste est vide, rien à cocher.');
      await acts().addTask({ userId: user.id, language: 'fr', title: 'acheter du lait' });
      for (const index of [0, 2, 5, -1, 1.5]) {
        expect((await acts().completeTask({ userId: user.id, language: 'fr', index })).reply).to.equal(
          `Il n'y a pas de no ${index} dans ta liste. Écris "ma liste" pour la voir.`,
        );
      }
      expect((await acts().completeTask({ userId: user.id, language: 'en', index: 3 })).reply).to.equal(
        'There\'s no #3 on your list. Text "my list" to see it.',
      );
      expect(await orm().em.fork().count(Task, { user: user.id, status: 'open' })).to.equal(1);
    });

    it("keeps each person's list to themselves, in English too", async () => {
      const a = await createUser(orm(), 'en');
      const b = await createUser(orm(), 'en');
      expect((await acts().addTask({ userId: a.id, language: 'en', title: 'call my sister' })).reply).to.equal(
        'Added to your list: call your sister (1 task).',
      );
      expect((await acts().listTasks({ userId: a.id, language: 'en' })).reply).to.equal('Your list:\n1. call your sister');
      expect((await acts().listTasks({ userId: b.id, language: 'en' })).reply).to.equal(
        'Your list is empty. Text "add" and something to do to start one.',
      );
      expect((await acts().completeTask({ userId: b.id, language: 'en', index: 1 })).reply).to.equal('Your list is empty, nothing to check off.');
    });

    it('refuses an empty or overlong title', async () => {
      const user = await createUser(orm());
      expect((await acts().addTask({ userId: user.id, language: 'fr', title: '  ' })).reply).to.match(/^Quoi ajouter\?/);
      expect((await acts().addTask({ userId: user.id, language: 'fr', title: 'x'.repeat(201) })).reply).to.match(/200 caractères max/);
      expect(await orm().em.fork().count(Task, { user: user.id })).to.equal(0);
    });

    it('breaks a task down without the AI assistant: 3 to 5 small steps from the template for that kind of task, in one or two SMS', async () => {
      const user = await createUser(orm());
      const fr = await acts().breakdownTask({ userId: user.id, language: 'fr', task: 'faire ma déclaration de revenus' });
      expect(fr.reply).to.equal(
        'faire ta déclaration de revenus, en petites étapes:\n' +
          '1. Sors une enveloppe (2 min)\n' +
          '2. Mets-y tes T4 et relevés (10 min)\n' +
          '3. Ouvre le logiciel de déclaration (5 min)\n' +
          '4. Entre tes infos personnelles (10 min)\n' +
          '5. Note les papiers à trouver (3 min)\n' +
          'Commence juste par la 1.',
      );
      const en = await acts().breakdownTask({ userId: user.id, language: 'en', task: 'clean the garage' });
      expect(en.reply).to.equal(
        'clean the garage, in small steps:\n' +
          '1. Put on music, grab a bag (2 min)\n' +
          '2. Throw out the trash you see (5 min)\n' +
          '3. Put 10 things back (10 min)\n' +
          '4. Wipe one surface (5 min)\n' +
          '5. Look at what you did: nice (1 min)\n' +
          'Just start with step 1.',
      );
      // Nothing matches: the generic template, never "needs the AI".
      const other = await acts().breakdownTask({ userId: user.id, language: 'fr', task: 'apprendre le piano' });
      expect(other.reply).to.match(/^apprendre le piano, en petites étapes:\n1\. /);
      expect(other.reply).to.not.match(/IA|AI/);
      // A very long task name is cut in the header, so it stays two SMS.
      const long = await acts().breakdownTask({ userId: user.id, language: 'fr', task: 'ranger '.repeat(40) });
      expect(long.reply).to.match(/^(?:ranger ){8}r\.\.\., en petites étapes:\n1\. Mets une musique/);
      for (const reply of [fr.reply, en.reply, other.reply, long.reply]) {
        expect(countSegments(reply)).to.include({ encoding: 'GSM-7' });
        expect(countSegments(reply).segments).to.be.at.most(2);
        const minutes = [...reply.matchAll(/\((\d+) min\)/g)].map((m) => Number(m[1]));
        expect(minutes.length).to.be.within(3, 5);
        for (const m of minutes) expect(m).to.be.within(1, 15);
      }
      // The model's own steps still win.
      const model = await acts().breakdownTask({ userId: user.id, language: 'en', task: 'my taxes', steps: [{ action: 'a', minutes: 5 }, { action: 'b', minutes: 5 }, { action: 'c', minutes: 5 }] });
      expect(model.reply).to.equal('your taxes, in small steps:\n1. a (5 min)\n2. b (5 min)\n3. c (5 min)\nJust start with step 1.');
      expect(await orm().em.fork().count(Task, { user: user.id })).to.equal(0);
    });
  });

  describe(`the day plan (${kind})`, () => {
    const orm = freshDatabase(kind);
    // 10:00 in Toronto, 16:00 in Paris.
    const now = new Date('2026-11-24T15:00:00Z');
    const plan = (at: Date = now) => createPlanActivities({ orm: orm(), now: () => at });

    async function reminder(user: User, text: string, dueAt: string, status: ReminderStatus = 'scheduled') {
      const em = orm().em.fork();
      await em.persistAndFlush(new Reminder({ user: ref(em.getReference(User, user.id)), text, dueAt: new Date(dueAt), timezone: user.timezone, status }));
    }
    async function task(user: User, title: string) {
      await createTaskActivities({ orm: orm() }).addTask({ userId: user.id, language: user.language, title });
    }

    it("answers \"qu'est-ce que j'ai demain?\" with tomorrow's reminders in the person's zone, in time order, then the list; a calendar's events included", async () => {
      const user = await createUser(orm(), 'fr', 'America/Toronto');
      await reminder(user, 'sortir les poubelles', '2026-11-25T04:30:00Z'); // today 23 h 30 in Toronto, tomorrow in UTC
      await reminder(user, 'appeler le dentiste', '2026-11-25T19:00:00Z'); // tomorrow 14 h
      await reminder(user, 'prendre mes médicaments', '2026-11-25T13:00:00Z'); // tomorrow 8 h
      await reminder(user, 'après-demain', '2026-11-26T14:00:00Z');
      await reminder(user, 'annulé', '2026-11-25T17:00:00Z', 'cancelled');
      await task(user, 'acheter du lait');
      expect(await plan().planDay({ userId: user.id, language: 'fr', day: 'tomorrow' })).to.deep.equal({
        reply: 'Ton plan pour demain:\n1. 8 h - prendre tes médicaments\n2. 14 h - appeler le dentiste\nSur ta liste: acheter du lait',
      });

      const ranges: Array<[Date, Date]> = [];
      const withCalendar = createPlanActivities({
        orm: orm(),
        now: () => now,
        calendarEvents: async (_userId, from, to) => {
          ranges.push([from, to]);
          return [{ title: 'Réunion équipe', start: '2026-11-25T15:30:00Z' }];
        },
      });
      const en = await withCalendar.planDay({ userId: user.id, language: 'en', day: 'tomorrow' });
      expect(en.reply).to.equal(
        'Your plan for tomorrow:\nCalendar: 10:30 AM Réunion équipe\n1. 8 AM - prendre mes médicaments\n2. 2 PM - appeler le dentiste\nOn your list: acheter du lait',
      );
      // Tomorrow's local day in Toronto: midnight to midnight (EST, UTC-5).
      expect(ranges.map(([a, b]) => [a.toISOString(), b.toISOString()])).to.deep.equal([['2026-11-25T05:00:00.000Z', '2026-11-26T05:00:00.000Z']]);

      const empty = await createUser(orm(), 'en', 'America/Toronto');
      expect((await plan().planDay({ userId: empty.id, language: 'en', day: 'tomorrow' })).reply).to.match(/^Nothing planned tomorrow yet\./);
    });

    it("lists today's reminders in Toronto in time order, then the first tasks", async () => {
      const user = await createUser(orm(), 'fr', 'America/Toronto');
      await reminder(user, 'prendre mes médicaments', '2026-11-25T01:00:00Z'); // 20 h
      await reminder(user, 'appeler le dentiste', '2026-11-24T14:00:00Z'); // 9 h
      await reminder(user, 'sortir les poubelles', '2026-11-25T04:30:00Z'); // 23 h 30, already tomorrow in UTC
      await reminder(user, 'demain matin', '2026-11-25T14:00:00Z');
      await reminder(user, 'hier soir', '2026-11-24T01:00:00Z');
      await reminder(user, 'annulé', '2026-11-24T17:00:00Z', 'cancelled');
      await reminder(user, 'déjà fait', '2026-11-24T13:00:00Z', 'acknowledged');
      await task(user, 'acheter du lait');
      await task(user, 'renouveler le passeport');
      const other = await createUser(orm(), 'fr', 'America/Toronto');
      await reminder(other, "le rappel de quelqu'un d'autre", '2026-11-24T16:00:00Z');

      expect(await plan().planDay({ userId: user.id, language: 'fr' })).to.deep.equal({
        reply:
          "Ton plan pour aujourd'hui:\n1. 9 h - appeler le dentiste\n2. 20 h - prendre tes médicaments\n" +
          '3. 23 h 30 - sortir les poubelles\nSur ta liste: acheter du lait, renouveler le passeport',
      });
    });

    it("uses the person's own day in Paris, and at most three tasks", async () => {
      const user = await createUser(orm(), 'en', 'Europe/Paris');
      await reminder(user, 'take my meds', '2026-11-24T19:00:00Z'); // 8 PM
      await reminder(user, 'call the bank', '2026-11-23T23:30:00Z'); // 12:30 AM, yesterday in UTC
      await reminder(user, 'walk the dog', '2026-11-24T07:00:00Z', 'firing'); // 8 AM
      await reminder(user, 'tomorrow already', '2026-11-24T23:30:00Z');
      for (const title of ['buy milk', 'renew the passport', 'book a haircut', 'fix the bike']) await task(user, title);

      expect((await plan().planDay({ userId: user.id, language: 'en' })).reply).to.equal(
        'Your plan for today:\n1. 12:30 AM - call the bank\n2. 8 AM - walk the dog\n3. 8 PM - take your meds\n' +
          'On your list: buy milk, renew the passport, book a haircut',
      );
    });

    it('counts a 25-hour day (end of daylight saving time) whole', async () => {
      const user = await createUser(orm(), 'fr', 'America/Toronto');
      await reminder(user, 'se coucher tôt', '2026-11-02T04:30:00Z'); // 23 h 30 EST on November 1
      await reminder(user, 'trop tard', '2026-11-02T05:30:00Z'); // 00 h 30 on November 2
      expect((await plan(new Date('2026-11-01T16:00:00Z')).planDay({ userId: user.id, language: 'fr' })).reply).to.equal(
        "Ton plan pour aujourd'hui:\n1. 23 h 30 - se coucher tôt",
      );
    });

    it('shows only tasks when no reminder is due today', async () => {
      const user = await createUser(orm());
      await task(user, 'acheter du lait');
      expect((await plan().planDay({ userId: user.id, language: 'fr' })).reply).to.equal(
        "Ton plan pour aujourd'hui:\nSur ta liste: acheter du lait",
      );
    });

    it('suggests one small thing on an empty day', async () => {
      const fr = await createUser(orm(), 'fr');
      const en = await createUser(orm(), 'en', 'Europe/Paris');
      const frReply = (await plan().planDay({ userId: fr.id, language: 'fr' })).reply;
      expect(frReply).to.match(/^Rien de prévu aujourd'hui/);
      expect((await plan().planDay({ userId: en.id, language: 'en' })).reply).to.match(/^Nothing planned today.*one small thing/);
      expect(countSegments(frReply)).to.include({ encoding: 'GSM-7', segments: 1 });
    });

    it('fits a busy day in two SMS, dropping tasks before reminders', async () => {
      const user = await createUser(orm(), 'fr');
      for (let h = 8; h < 19; h += 1) {
        await reminder(user, `faire la chose numéro ${h} qui prend un peu de place`, `2026-11-24T${String(h + 5).padStart(2, '0')}:00:00Z`);
      }
      await task(user, 'acheter du lait');
      const reply = (await plan().planDay({ userId: user.id, language: 'fr' })).reply;
      expect(countSegments(reply)).to.include({ encoding: 'GSM-7' });
      expect(countSegments(reply).units).to.be.at.most(306);
      const lines = reply.split('\n');
      expect(lines[0]).to.equal("Ton plan pour aujourd'hui:");
      expect(lines[1]).to.equal('1. 8 h - faire la chose numéro 8 qui prend un peu de place');
      expect(lines.at(-1)).to.match(/^\(\+\d+ autres rappels\)$/);
      expect(reply).not.to.include('acheter du lait');
    });
  });
}
