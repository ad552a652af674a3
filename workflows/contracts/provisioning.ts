import type { Signup } from '../../activities/numbers';

/** The contract of `numberProvisioningWorkflow`, the saga that buys a person's number. */
export const PROVISIONING_WORKFLOW = 'numberProvisioningWorkflow';
/** The workflow's signature: clients start it by type name with this, never by importing the implementation. */
export type ProvisioningWorkflow = (input: ProvisioningInput) => Promise<ProvisioningResult>;

export interface ProvisioningInput {
  userId: string;
  /** Three digits; the user's own area code by default (the starter fills it in). */
  areaCode: string;
  country: 'CA' | 'US';
  /** Present for `user add --provision`: the user is created together with their number. */
  signup?: Signup;
  language: 'fr' | 'en';
}

export interface ProvisioningResult {
  userId: string;
  phoneNumber: string;
  numberSid: string;
  /** True when the user already had a provisioned number: nothing was bought. */
  reused: boolean;
}

export const numberProvisioningWorkflowId = (userId: string) => `provision-${userId}`;
