// Shared mocha setup: quiet logs unless a test run asks for them.
process.env.LOG_LEVEL ??= 'error';
