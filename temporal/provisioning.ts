import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Signup } from '../services/numbers';
import { areaCodeOf, countryOfAreaCode } from '../services/area-codes';
import { PROVISIONING_WORKFLOW, numberProvisioningWorkflowId, type ProvisioningResult, type ProvisioningWorkflow } from '../workflows/contracts/provisioning';
import { USER_ID } from './search-attributes';

export interface ProvisionRequest {
  userId: string;
  taskQueue: string;
  /** The person's own phone: its area code is the default place to look. */
  phone: string;
  areaCode?: string;
  language: 'fr' | 'en';
  signup?: Signup;
}

/**
 * Starts (or joins) `provision-<userId>` and waits for the number. A saga already running for the
 * user is joined, never doubled; one that finished is run again, and finds the number it recorded.
 */
export async function provisionNumber(client: Client, req: ProvisionRequest): Promise<ProvisioningResult> {
  const areaCode = req.areaCode ?? areaCodeOf(req.phone);
  if (!areaCode) throw new Error('no area code: pass one (the phone is not a +1 number)');
  const handle = await client.workflow.start<ProvisioningWorkflow>(PROVISIONING_WORKFLOW, {
    workflowId: numberProvisioningWorkflowId(req.userId),
    taskQueue: req.taskQueue,
    args: [{ userId: req.userId, areaCode, country: countryOfAreaCode(areaCode), language: req.language, ...(req.signup ? { signup: req.signup } : {}) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: req.userId }]),
  });
  return handle.result();
}
