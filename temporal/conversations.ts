import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { conversationWorkflow, inboundSmsSignal, sendMessageUpdate, type InboundSms } from '../workflows/conversation';
import { USER_ID } from './search-attributes';

export const conversationWorkflowId = (userId: string) => `conversation-${userId}`;

/**
 * Hands an inbound SMS to the person's conversation workflow, starting it if it is not running
 * (first message ever, or after it was terminated by an operator).
 */
export async function deliverInboundSms(
  client: Client,
  opts: { userId: string; taskQueue: string; sms: InboundSms },
): Promise<void> {
  await client.workflow.signalWithStart(conversationWorkflow, {
    workflowId: conversationWorkflowId(opts.userId),
    taskQueue: opts.taskQueue,
    args: [{ userId: opts.userId }],
    signal: inboundSmsSignal,
    signalArgs: [opts.sms],
    typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: opts.userId }]),
  });
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
  const startWorkflowOperation = new WithStartWorkflowOperation(conversationWorkflow, {
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
