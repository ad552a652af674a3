import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ref } from '@mikro-orm/core';
import { monthlyUsage, monthRange } from '../../services/usage';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, PhoneNumber, User } from '../../schemas/entities';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';

const PRICES = { pricePerSegmentUsd: 0.0083, numberPricePerMonthUsd: 1.15 };

for (const kind of DB_KINDS) {
  describe(`monthly usage (${kind})`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    let orm: Orm;
    before(async () => {
      db = await createTestDatabase(kind);
      orm = await openDatabase(db.config, { migrate: true });
    });
    after(async () => {
      await orm?.close();
      await db?.drop();
    });

    it('matches a hand count: month bounds, accepted vs refused sends, failures, numbers held', async () => {
      const em = orm.em.fork();
      const a = new User({ phone: testNumber(), assistantNumber: testNumber() });
      const b = new User({ phone: testNumber(), assistantNumber: testNumber() });
      em.persist([a, b]);
      const sid = () => `SM${randomBytes(16).toString('hex')}`;
      const m = (user: User, direction: 'inbound' | 'outbound', segments: number, status: Message['status'], sent: boolean, iso: string) =>
        new Message({ user: ref(user), direction, body: 'x', status, segments, twilioSid: sent ? sid() : null, createdAt: new Date(iso) });
      em.persist([
        m(a, 'inbound', 2, 'received', true, '2026-05-01T00:00:00Z'),
        m(a, 'outbound', 3, 'delivered', true, '2026-05-31T23:59:59Z'),
        m(a, 'outbound', 1, 'failed', true, '2026-05-20T12:00:00Z'),
        m(a, 'outbound', 1, 'failed', false, '2026-05-20T12:00:01Z'),
        m(a, 'outbound', 1, 'sending', false, '2026-05-20T12:00:02Z'),
        m(a, 'inbound', 9, 'received', true, '2026-06-01T00:00:00Z'),
        m(b, 'inbound', 1, 'received', true, '2026-05-10T00:00:00Z'),
      ]);
      // a: the number set by hand, plus a bought number released in May (held part of the month).
      em.persist(new PhoneNumber({ phoneNumber: testNumber(), twilioSid: `PN${randomBytes(16).toString('hex')}`, userId: a.id, status: 'released',
        purchasedAt: new Date('2026-04-01T00:00:00Z'), releasedAt: new Date('2026-05-03T00:00:00Z') }));
      // b: a number bought in June does not count for May.
      em.persist(new PhoneNumber({ phoneNumber: testNumber(), twilioSid: `PN${randomBytes(16).toString('hex')}`, userId: b.id, holderKey: b.id,
        purchasedAt: new Date('2026-06-02T00:00:00Z') }));
      await em.flush();

      const [ua] = await monthlyUsage(orm, PRICES, { month: '2026-05', userId: a.id });
      expect(ua).to.deep.equal({
        userId: a.id, phone: a.phone, month: '2026-05', messagesIn: 1, segmentsIn: 2, messagesOut: 2, segmentsOut: 4, failed: 2, numbers: 2,
        estimatedCost: Math.round((6 * 0.0083 + 2 * 1.15) * 10_000) / 10_000,
      });
      const all = await monthlyUsage(orm, PRICES, { month: '2026-05' });
      expect(all.map((u) => u.userId)).to.include.members([a.id, b.id]);
      expect(all.find((u) => u.userId === b.id)).to.include({ messagesIn: 1, segmentsIn: 1, messagesOut: 0, numbers: 1, estimatedCost: 1.1583 });
    });

    it('rejects a malformed month', () => {
      expect(() => monthRange('2026-13')).to.throw(/YYYY-MM/);
      expect(monthRange('2026-12')).to.deep.equal({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    });
  });
}
