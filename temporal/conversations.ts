import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { conversationWorkflow, inboundSmsSignal, type InboundSms } from '../workflows/conversation';
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
