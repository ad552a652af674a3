import { ApplicationFailure } from '@temporalio/common';
import { ref } from '@mikro-orm/core';
import type { Orm } from '../schemas/db';
import { type Language, Message, User, type UserStatus } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { countSegments } from '../workflows/lib/segments';
import { type Command, offlineReply } from './brain/offline-responder';

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

export interface ComposeReplyInput {
  userId: string;
  body: string;
  command: Command;
  language: Language;
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

  /** Decides the reply text, or null when nothing should be sent. */
  async function composeReply(input: ComposeReplyInput): Promise<{ text: string } | null> {
    const text = offlineReply(input.body, input.command, input.language);
    return text === null ? null : { text };
  }

  return { recordInbound, composeReply };
}
