// The only workflowsPath: every workflow the worker runs is exported from here.
export * from './conversation';
export * from './reminder';
export * from './account-deletion';
export * from './retention-purge';
export * from './provisioning';
export * from './daily-checkin';
export * from './sync';
export * from './event-reminders';
