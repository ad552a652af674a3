import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { TypedSearchAttributes, type SignalDefinition } from '@temporalio/common';
import { inboundSmsSignal, sendMessageUpdate, type InboundSms } from '../workflows/contracts/conversation';
import { USER_ID } from './search-attributes';
import { CONVERSATION_WORKFLOW, conversationWorkflowId, type ConversationWorkflow } from '../workflows/contracts/conversation';

export { conversationWorkflowId };

/**
 * The one signal-with-start of a person's conversation workflow: starts it if it is not running
 * (first message ever, or after an operator terminated it), then delivers the signal.
 */
export async function signalConversation<T>(
  client: Client,
  opts: { userId: string; taskQueue: string },
  signal: SignalDefinition<[T]>,
  arg: T,
): Promise<void> {
  await client.workflow.signalWithStart<ConversationWorkflow, [T]>(CONVERSATION_WORKFLOW, {
    workflowId: conversationWorkflowId(opts.userId),
    taskQueue: opts.taskQueue,
    args: [{ userId: opts.userId }],
    signal,
    signalArgs: [arg],
    typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: opts.userId }]),
  });
}

/** Hands an inbound SMS to the person's conversation workflow. */
export async function deliverInboundSms(
  client: Client,
  opts: { userId: string; taskQueue: string; sms: InboundSms },
): Promise<void> {
  await signalConversation(client, opts, inboundSmsSignal, opts.sms);
}

/**
 * Sends a message through the conversation (REST API, web app) and waits for the assistant's
 * reply, starting the conversation if needed. `messageId` doubles as the update id, so a retried
 * call with the same id is answered once by Temporal.
 */
export async function sendMessage(
  client: Client,
  opts: { userId: string; taskQueue: string; text: string; messageId?: string },
): Promise<{ messageId: string; reply: string | null }> {
  const messageId = opts.messageId ?? `api:${randomUUID()}`;
  const startWorkflowOperation = new WithStartWorkflowOperation<ConversationWorkflow>(CONVERSATION_WORKFLOW, {
    workflowId: conversationWorkflowId(opts.userId),
    taskQueue: opts.taskQueue,
    args: [{ userId: opts.userId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: opts.userId }]),
  });
  const { reply } = await client.workflow.executeUpdateWithStart(sendMessageUpdate, {
    args: [{ messageId, text: opts.text }],
    updateId: messageId,
    startWorkflowOperation,
  });
  return { messageId, reply };
}
