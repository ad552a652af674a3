import { ActivityFailure, ApplicationFailure, log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createNumberActivities } from '../activities/numbers';
import type { createSmsActivities } from '../activities/sms';
import { welcomeText } from '../language/texts/welcome';
import { USER_ID } from './contracts/search-attributes';
import { type ProvisioningInput, type ProvisioningResult } from './contracts/provisioning';

type NumberActivities = ReturnType<typeof createNumberActivities>;



const reason = (err: ActivityFailure) =>
  err.cause instanceof ApplicationFailure ? `${err.cause.type ?? 'error'}: ${err.cause.message}` : (err.cause?.message ?? err.message);


// Reads, search and purchase: transient Twilio/DB errors retry with backoff; permanent ones are
// ApplicationFailure.nonRetryable from the activities. The purchase is idempotent (see buyNumber).
const steps = proxyActivities<NumberActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 6 },
});
// Compensations must end up done: they retry (with backoff) until they succeed.
const undo = proxyActivities<NumberActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
const { sendSms } = proxyActivities<ReturnType<typeof createSmsActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * The number saga (`provision-<userId>`): search → buy → assign → welcome SMS. A step after the
 * purchase that fails for good is compensated in reverse (unassign, then release the number), so
 * the user is left without a half-made number. A rerun finds the recorded purchase and buys nothing.
 */
export async function numberProvisioningWorkflow(input: ProvisioningInput): Promise<ProvisioningResult> {
  upsertSearchAttributes([{ key: USER_ID, value: input.userId }]);
  const held = await steps.findHeldNumber({ userId: input.userId });
  if (held?.status === 'assigned') return { userId: input.userId, phoneNumber: held.phoneNumber, numberSid: held.sid, reused: true };

  let number = held;
  if (!number) {
    try {
      const { areaCode, candidates } = await steps.searchAvailableNumbers({ areaCode: input.areaCode, country: input.country });
      number = await steps.buyNumber({ userId: input.userId, areaCode, candidates });
    } catch (err) {
      // Nothing bought (buyNumber records before it returns): nothing to undo, just say why.
      if (!(err instanceof ActivityFailure)) throw err;
      throw ApplicationFailure.nonRetryable(`provisioning failed: ${reason(err)}`, 'ProvisioningFailed');
    }
  }

  let assigned: { previousNumber: string | null; created: boolean } | null = null;
  try {
    assigned = await steps.assignNumber({ userId: input.userId, numberSid: number.sid, ...(input.signup ? { signup: input.signup } : {}) });
    await sendSms({
      userId: input.userId,
      body: welcomeText(input.language),
      idempotencyKey: `welcome:${input.userId}:${number.sid}`,
      kind: 'system',
    });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const why = reason(err);
    log.warn('provisioning failed after the purchase, compensating', { userId: input.userId, why });
    if (assigned) await undo.unassignNumber({ userId: input.userId, numberSid: number.sid, ...assigned });
    await undo.releaseNumber({ numberSid: number.sid, reason: `compensation: ${why}` });
    throw ApplicationFailure.nonRetryable(`provisioning failed and was undone (${why})`, 'ProvisioningFailed');
  }
  return { userId: input.userId, phoneNumber: number.phoneNumber, numberSid: number.sid, reused: false };
}
