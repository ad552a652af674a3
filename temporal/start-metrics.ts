import type { WorkflowClientInterceptor } from '@temporalio/client';
import { workflowStarts } from '../services/infra/metrics';

/**
 * Counts workflow starts made through a Client (assistant_workflow_starts_total). Counted once
 * the server accepted the call: a `start` that finds the workflow already running throws and
 * is not counted.
 */
export function workflowStartCounter(): WorkflowClientInterceptor {
  return {
    async startWithDetails(input, next) {
      const out = await next(input);
      workflowStarts.inc({ workflow_type: input.workflowType, operation: 'start' });
      return out;
    },
    async signalWithStart(input, next) {
      const runId = await next(input);
      workflowStarts.inc({ workflow_type: input.workflowType, operation: 'signalWithStart' });
      return runId;
    },
    async startUpdateWithStart(input, next) {
      const out = await next(input);
      workflowStarts.inc({ workflow_type: input.workflowType, operation: 'updateWithStart' });
      return out;
    },
  };
}
