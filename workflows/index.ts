// The only workflowsPath: every workflow the worker runs is exported from here.
export * from './conversation';
export * from './reminder';
export * from './daily-checkin';
export * from './sync';
