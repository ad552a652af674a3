import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';
import { createMemoryActivities } from '../../activities/memory';
import { openDatabase, type Orm } from '../../schemas/db';
import { findUserByPhone, Memory, Message, Reminder, Task, User } from '../../schemas/entities';
import { fieldCrypto } from '../../schemas/field-crypto';
import { keyUsage, reencryptAll } from '../../schemas/key-rotation';
import { DecryptionError } from '../../schemas/keyring';
import { normalizeForSearch } from '../../language/search';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TOKENS = /^[a-p]{16}( [a-p]{16})*$/;

type Row = Record<string, unknown>;
const sql = (orm: Orm, query: string, params: unknown[] = []) => orm.em.getConnection().execute<Row[]>(query, params);
const one = async (orm: Orm, query: string, params: unknown[] = []) => (await sql(orm, query, params))[0]!;

/** A person with one of everything sensitive: an SMS, a reminder, a task and a memory. */
async function seed(orm: Orm, phone = testNumber()) {
  const em = orm.em.fork();
  const user = new User({ phone, assistantNumber: testNumber() });
  user.consentedAt = new Date(); // Law 25: memories are kept only with consent
  em.persist(user);
  const message = new Message({ user: ref(user), direction: 'inbound', body: 'mon NAS est 123 456 789', status: 'received' });
  const reminder = new Reminder({ user: ref(user), text: 'prendre mon Concerta', dueAt: new Date(Date.now() + 3_600_000), timezone: 'America/Toronto' });
  const task = new Task({ user: ref(user), title: 'appeler la psychiatre', position: 1 });
  em.persist([message, reminder, task]);
  await em.flush();
  await createMemoryActivities({ orm }).remember({ userId: user.id, language: 'fr', fact: 'le code de mon casier est 4821' });
  return { user, message, reminder, task };
}

for (const kind of DB_KINDS) {
  describe(`field encryption in the database (${kind})`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    let orm: Orm;

    before(async () => {
      db = await createTestDatabase(kind);
      orm = await openDatabase(db.config, { migrate: true });
    });
    after(async () => {
      await orm?.close(true);
      await db?.drop();
    });

    it('stores bodies, phones, reminders, tasks and memories encrypted and reads them back in plaintext', async () => {
      const { user, message, reminder, task } = await seed(orm);
      const u = await one(orm, 'select phone, phone_hash, assistant_number from users where id = ?', [user.id]);
      expect(u.phone).to.match(/^enc:v1:test:/).and.not.include(user.phone.slice(2));
      expect(u.phone_hash).to.match(/^[0-9a-f]{64}$/);
      expect(u.assistant_number).to.equal(user.assistantNumber); // our own Twilio number: routing key, not the person's
      expect((await one(orm, 'select body from messages where id = ?', [message.id])).body).to.match(/^enc:v1:test:/).and.not.include('456');
      expect((await one(orm, 'select text from reminders where id = ?', [reminder.id])).text).to.match(/^enc:v1:test:/).and.not.include('Concerta');
      expect((await one(orm, 'select title from tasks where id = ?', [task.id])).title).to.match(/^enc:v1:test:/).and.not.include('psychiatre');
      const m = await one(orm, 'select text, search_text from memories where user_id = ?', [user.id]);
      expect(m.text).to.match(/^enc:v1:test:/).and.not.include('casier');
      expect(m.search_text).to.match(TOKENS);
      if (kind === 'sqlite') expect((await one(orm, 'select search_text from memories_fts')).search_text).to.match(TOKENS);

      const em = orm.em.fork();
      expect((await em.findOneOrFail(User, user.id)).phone).to.equal(user.phone);
      expect((await em.findOneOrFail(Message, message.id)).body).to.equal('mon NAS est 123 456 789');
      expect((await em.findOneOrFail(Reminder, reminder.id)).text).to.equal('prendre mon Concerta');
      expect((await em.findOneOrFail(Task, task.id)).title).to.equal('appeler la psychiatre');
      expect((await em.findOneOrFail(Memory, { user: user.id })).text).to.equal('le code de mon casier est 4821');
    });

    it('finds a person by phone through the blind index, keeps phones unique, and refuses a query on the ciphertext', async () => {
      const { user } = await seed(orm);
      const em = orm.em.fork();
      expect((await findUserByPhone(em, user.phone))?.id).to.equal(user.id);
      expect(await findUserByPhone(em, testNumber())).to.equal(null);
      let err: unknown = null;
      await em.findOne(User, { phone: user.phone }).catch((e: unknown) => (err = e));
      expect(String(err)).to.match(/users\.phone is encrypted/);
      err = null;
      await orm.em.fork().persistAndFlush(new User({ phone: user.phone, assistantNumber: testNumber() })).catch((e: unknown) => (err = e));
      expect(err).to.be.instanceOf(UniqueConstraintViolationException);
    });

    it('rewrites a ciphertext only when its text changes, and follows a new phone with its hash', async () => {
      const { user, message } = await seed(orm);
      const before = await one(orm, 'select body, updated_at from messages where id = ?', [message.id]);
      const em = orm.em.fork();
      const loaded = await em.findOneOrFail(Message, message.id);
      await em.flush(); // nothing changed: no UPDATE at all
      expect(await one(orm, 'select body, updated_at from messages where id = ?', [message.id])).to.deep.equal(before);
      loaded.status = 'queued';
      await em.flush(); // another column changed: the body's ciphertext stays as it was
      const after = await one(orm, 'select body, status from messages where id = ?', [message.id]);
      expect(after).to.deep.equal({ body: before.body, status: 'queued' });
      loaded.body = 'corrigé';
      await em.flush();
      expect((await one(orm, 'select body from messages where id = ?', [message.id])).body).to.not.equal(before.body);
      expect((await orm.em.fork().findOneOrFail(Message, message.id)).body).to.equal('corrigé');

      const newPhone = testNumber();
      const person = await em.findOneOrFail(User, user.id);
      person.phone = newPhone;
      await em.flush();
      expect((await findUserByPhone(orm.em.fork(), newPhone))?.id).to.equal(user.id);
      expect(await findUserByPhone(orm.em.fork(), user.phone)).to.equal(null);
    });

    it('rotates keys: everything re-encrypted with the new first key, lookups and search intact, the old key no longer needed', async () => {
      const { user, message } = await seed(orm);
      const newKey = { id: 'k2026', key: randomBytes(32) };
      const oldKey = db.config.encryptionKeys[0]!;
      const rotated = await openDatabase({ ...db.config, encryptionKeys: [newKey, oldKey] });
      try {
        const counts = await reencryptAll(rotated.em.getConnection(), fieldCrypto(rotated));
        expect(counts['messages.body']).to.be.greaterThan(0);
        expect(counts['users.phone']).to.be.greaterThan(0);
        expect(counts['data_keys.blind-index']).to.equal(1);
        const usage = await keyUsage(rotated.em.getConnection());
        for (const [column, perKey] of Object.entries(usage)) {
          expect(Object.keys(perKey).filter((id) => id !== 'k2026'), column).to.deep.equal([]);
        }
        const again = await reencryptAll(rotated.em.getConnection(), fieldCrypto(rotated));
        expect(Object.values(again).every((n) => n === 0)).to.equal(true);
      } finally {
        await rotated.close(true);
      }

      const onlyNew = await openDatabase({ ...db.config, encryptionKeys: [newKey] });
      try {
        const em = onlyNew.em.fork();
        expect((await em.findOneOrFail(Message, message.id)).body).to.equal('mon NAS est 123 456 789');
        expect((await findUserByPhone(em, user.phone))?.id).to.equal(user.id);
        const recall = await createMemoryActivities({ orm: onlyNew }).recall({ userId: user.id, language: 'fr', query: 'code de mon casier?' });
        expect(recall.matches).to.deep.equal(['le code de mon casier est 4821']);
      } finally {
        await onlyNew.close(true);
      }

      // A process still holding only the retired key fails at start, naming the problem.
      let err: unknown = null;
      await openDatabase({ ...db.config, encryptionKeys: [oldKey] }).then((o) => o.close(true), (e: unknown) => (err = e));
      expect(err).to.be.instanceOf(DecryptionError).with.property('message').match(/unknown encryption key id "k2026"/);
    });

    it('rotates through the admin CLI (`keys status`, `keys rotate`) with DATA_ENCRYPTION_KEYS', async () => {
      const rotateDb = await createTestDatabase(kind);
      const dataDir = mkdtempSync(join(tmpdir(), 'assistant-keys-'));
      const setup = await openDatabase(rotateDb.config, { migrate: true });
      try {
        await seed(setup);
      } finally {
        await setup.close(true);
      }
      const newKeys = `next:${randomBytes(32).toString('base64')},${rotateDb.keysEnv}`;
      const env = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: rotateDb.url, DATA_ENCRYPTION_KEYS: newKeys, LOG_LEVEL: 'error' };
      const admin = async (...args: string[]) =>
        JSON.parse((await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', ...args, '--json'], { cwd: ROOT, env })).stdout) as Record<string, unknown>;
      try {
        const before = await admin('keys', 'status');
        expect(before.currentKeyId).to.equal('next');
        expect((before.usage as Record<string, Record<string, number>>)['messages.body']).to.deep.equal({ test: 1 });
        const rotated = await admin('keys', 'rotate');
        expect(rotated.rewritten).to.deep.include({ 'messages.body': 1, 'users.phone': 1, 'memories.text': 1, 'data_keys.blind-index': 1 });
        const after = (await admin('keys', 'status')).usage as Record<string, Record<string, number>>;
        expect(after['messages.body']).to.deep.equal({ next: 1 });
        expect(after['data_keys.blind-index']).to.deep.equal({ next: 1 });
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        await rotateDb.drop();
      }
    });

    it('encrypts the rows of an existing database in place when the migration runs', async () => {
      const legacy = await createTestDatabase(kind);
      const o = await openDatabase(legacy.config);
      try {
        await o.getMigrator().up({ to: 'Migration20261124030000SmsPreferences' });
        const now = o.em.getPlatform().processDateProperty(new Date());
        const [userId, phone] = [randomUUID(), testNumber()];
        await sql(o, 'insert into users (id, phone, assistant_number, timezone, language, status, gsm_friendly, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
          [userId, phone, testNumber(), 'America/Toronto', 'fr', 'active', true, now]);
        await sql(o, 'insert into messages (id, user_id, direction, body, status, segments, encoding, error, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [randomUUID(), userId, 'outbound', 'Rappel: prendre ton Vyvanse', 'failed', 1, 'GSM-7', '21211: invalid To +15145550123', now, now]);
        await sql(o, 'insert into memories (id, user_id, text, search_text, created_at) values (?, ?, ?, ?, ?)',
          [randomUUID(), userId, "j'ai garé ma voiture au niveau 3", normalizeForSearch("j'ai garé ma voiture au niveau 3"), now]);
        await sql(o, 'insert into tasks (id, user_id, title, status, position, created_at) values (?, ?, ?, ?, ?, ?)', [randomUUID(), userId, 'payer le loyer', 'open', 1, now]);

        await o.getMigrator().up();
        await o.close(true);
        const migrated = await openDatabase(legacy.config);
        try {
          const rows = [
            await one(migrated, 'select phone from users'),
            await one(migrated, 'select body, error from messages'),
            await one(migrated, 'select text from memories'),
            await one(migrated, 'select title from tasks'),
          ].flatMap((r) => Object.values(r));
          for (const value of rows) expect(value).to.match(/^enc:v1:test:/);
          expect((await one(migrated, 'select search_text from memories')).search_text).to.match(TOKENS);
          const em = migrated.em.fork();
          const user = await findUserByPhone(em, phone);
          expect(user?.id).to.equal(userId);
          const [message] = await em.find(Message, { user: userId });
          expect(message).to.include({ body: 'Rappel: prendre ton Vyvanse', error: '21211: invalid To +15145550123' });
          const recall = await createMemoryActivities({ orm: migrated }).recall({ userId, language: 'fr', query: 'ma voiture?' });
          expect(recall.matches).to.deep.equal(["j'ai garé ma voiture au niveau 3"]);
        } finally {
          await migrated.close(true);
        }
      } finally {
        await o.close(true).catch(() => undefined);
        await legacy.drop();
      }
    });
  });
}
