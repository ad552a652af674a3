import { Context } from '@temporalio/activity';
import { createSmsSender, type SendSmsInput, type SendSmsResult, type SmsSender, type SmsSenderDeps } from '../services/sms';

export type { SendSmsInput, SendSmsResult, SmsKind } from '../services/sms';
/** The sender's own dependencies (tests build the activity from them). */
export type SmsDeps = SmsSenderDeps;

/**
 * The sendSms activity over the process's one SMS sender (services/sms.ts). Built from a sender
 * (the worker: activities/index.ts) or from the sender's dependencies.
 */
export function createSmsActivities(deps: { sender: SmsSender } | SmsDeps) {
  const sender = 'sender' in deps ? deps.sender : createSmsSender(deps);

  /**
   * Sends one SMS from the user's assistant number to their phone, exactly once per idempotency
   * key; a paced wait heartbeats and sleeps through the activity context, so a cancel stops it.
   */
  async function sendSms(input: SendSmsInput): Promise<SendSmsResult> {
    const ctx = Context.current();
    return sender.send(input, { heartbeat: () => ctx.heartbeat(), sleep: (ms) => ctx.sleep(ms) });
  }

  return { sendSms };
}
