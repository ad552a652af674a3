import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one HTTP request carries (see logger.ts). */
export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
