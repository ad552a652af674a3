import { createNumberService, type HeldNumber, type NumberService, type NumberServiceDeps, type Signup } from '../services/numbers';

export type NumberDeps = NumberServiceDeps;
export type { HeldNumber, Signup } from '../services/numbers';

/** The steps of the number saga (numberProvisioningWorkflow), over the number service (services/numbers.ts). */
export function createNumberActivities(deps: NumberDeps | { numbers: NumberService }) {
  const numbers = 'numbers' in deps ? deps.numbers : createNumberService(deps);

  /** The idempotency record: the number bought for this user and not released, if any. */
  async function findHeldNumber(input: { userId: string }): Promise<HeldNumber | null> {
    return numbers.findHeld(input);
  }

  /** SMS-capable local numbers in the area code, else in its neighbours, none cooling off. */
  async function searchAvailableNumbers(input: { areaCode: string; country: string }): Promise<{ areaCode: string; candidates: string[] }> {
    return numbers.searchAvailable(input);
  }

  /** Buys one of the candidates for the user, exactly once. */
  async function buyNumber(input: { userId: string; areaCode: string; candidates: string[] }): Promise<HeldNumber> {
    return numbers.buy(input);
  }

  /** Gives the number to the user (creating them for a signup); returns what the compensation needs. */
  async function assignNumber(input: { userId: string; numberSid: string; signup?: Signup }): Promise<{ previousNumber: string | null; created: boolean }> {
    return numbers.assign(input);
  }

  /** Compensation of assignNumber. */
  async function unassignNumber(input: { userId: string; numberSid: string; previousNumber: string | null; created: boolean }): Promise<void> {
    return numbers.unassign(input);
  }

  /** Gives the number back to Twilio and starts its cooling-off. */
  async function releaseNumber(input: { numberSid: string; reason: string }): Promise<void> {
    return numbers.release(input);
  }

  return { findHeldNumber, searchAvailableNumbers, buyNumber, assignNumber, unassignNumber, releaseNumber };
}
