import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into the failure's encoded attributes, a payload the
 * encryption codec (temporal/codec.ts) encrypts like any other: an error quoting a message or a
 * phone number never reaches Temporal's history in plaintext. Loaded by path
 * (`failureConverterPath`) by clients, workers and the workflow bundle alike.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
