import { ApplicationFailure } from '@temporalio/common';
import { ref } from '@mikro-orm/core';
import type { Orm } from '../schemas/db';
import { type Language, Message, User, type UserStatus } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { countSegments } from '../language/sms/segments';

export interface ConversationDeps {
  orm: Orm;
}

export interface RecordInboundInput {
  userId: string;
  messageSid: string;
  body: string;
  receivedAt: string;
}

export interface UserContext {
  status: UserStatus;
  language: Language;
  timezone: string;
}

export function createConversationActivities({ orm }: ConversationDeps) {
  /** Stores the inbound SMS (once per MessageSid) and returns what the reply depends on. */
  async function recordInbound(input: RecordInboundInput): Promise<UserContext> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    const existing = await em.count(Message, { twilioSid: input.messageSid });
    if (existing === 0) {
      const { segments, encoding } = countSegments(input.body);
      em.persist(
        new Message({
          user: ref(user),
          direction: 'inbound',
          body: input.body,
          status: 'received',
          twilioSid: input.messageSid,
          segments,
          encoding,
          createdAt: new Date(input.receivedAt),
        }),
      );
      await em.flush();
    }
    return { status: user.status, language: user.language, timezone: user.timezone };
  }

  /** Stores a reply given through the API (not texted), once per idempotency key. */
  async function recordReply(input: { userId: string; body: string; idempotencyKey: string }): Promise<void> {
    const em = orm.em.fork();
    if ((await em.count(Message, { idempotencyKey: input.idempotencyKey })) > 0) return;
    const { segments, encoding } = countSegments(input.body);
    em.persist(
      new Message({
        user: ref(em.getReference(User, input.userId)),
        direction: 'outbound',
        body: input.body,
        status: 'delivered',
        idempotencyKey: input.idempotencyKey,
        segments,
        encoding,
      }),
    );
    await em.flush();
  }

  return { recordInbound, recordReply };
}
