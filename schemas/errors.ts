/**
 * The error vocabulary shared by activities, workflows and the HTTP edge. Permanent failures
 * are thrown as ApplicationFailure.nonRetryable(message, type) with one of these types;
 * workflows branch on `ActivityFailure.cause.type`; the api maps them to problem+json.
 */
export const ErrorType = {
  UserNotFound: 'UserNotFound',
  /** Carrier error 21610: the recipient replied STOP at the carrier level. */
  RecipientOptedOut: 'RecipientOptedOut',
  /** Carrier errors 21211 / 21614: not a valid (mobile) number. */
  InvalidRecipient: 'InvalidRecipient',
  /** Any other 4xx from the SMS provider: retrying the same request cannot help. */
  ProviderRejected: 'ProviderRejected',
} as const;

export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** Errors activities throw as non-retryable; workflows list them so the SDK never retries them. */
export const NON_RETRYABLE_ERROR_TYPES: ErrorType[] = [
  ErrorType.UserNotFound,
  ErrorType.RecipientOptedOut,
  ErrorType.InvalidRecipient,
  ErrorType.ProviderRejected,
];

/** Provisioning (workflows/provisioning.ts): permanent failures of the number saga. */
export const ProvisioningError = {
  /** No Twilio credentials: the embedded default cannot buy numbers (use `user add --number`). */
  ProvisioningUnavailable: 'ProvisioningUnavailable',
  /** No SMS-capable local number in the area code or its neighbours. */
  NoNumberAvailable: 'NoNumberAvailable',
  /** The phone already belongs to a user, or the number is still on someone's file. */
  AssignmentConflict: 'AssignmentConflict',
  /** Twilio refused the search or purchase for good (4xx other than 21422). */
  NumberProviderRejected: 'NumberProviderRejected',
  /** The saga failed and was compensated (number released, user left without it). */
  ProvisioningFailed: 'ProvisioningFailed',
} as const;
