// ESLint (flat config) with typescript-eslint. The workflows/ and language/ block enforces the
// sandbox boundary of CONVENTIONS.md: deterministic code only, activities imported as types.
// language/ is pure text understanding and wording that workflows import too, so it obeys the
// same rules and, on top, imports nothing of the product's I/O layers (services, schemas).
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const clientsUseContracts = {
  group: ['**/workflows/*', '!**/workflows/contracts', '!**/workflows/lib'],
  message: 'Outside workflows, import a workflow\'s contract (workflows/contracts/) instead of its implementation.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.venv/', '.data/', '.tmp/', 'temporal/install-cli.mjs', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts', 'language/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'Workflows are sandboxed: no Node built-ins.' })),
            ...['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@mikro-orm/core', 'twilio', 'googleapis', 'ioredis', 'pg', 'express', 'winston']
              .map((name) => ({ name, message: 'Workflows are deterministic: do I/O in an activity.' })),
          ],
          patterns: [
            { group: ['**/api/**', '**/api'], message: 'Workflows never import the api.' },
            { group: ['**/activities/**', '**/activities'], allowTypeImports: true, message: 'Import activities with `import type` and proxyActivities.' },
            { group: ['**/schemas/db', '**/schemas/config', '**/schemas/entities/**'], message: 'Workflows never touch the database or config.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Use sleep() in a loop.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Non-deterministic: use uuid4() from @temporalio/workflow.' }],
    },
  },
  {
    files: ['language/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'language/ is pure: no Node built-ins.' })),
            ...['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/workflow', '@mikro-orm/core', 'twilio', 'googleapis', 'ioredis', 'pg', 'express', 'winston']
              .map((name) => ({ name, message: 'language/ is pure: no I/O, no Temporal.' })),
          ],
          patterns: [
            { group: ['**/api/**', '**/api', '**/activities/**', '**/activities', '**/services/**', '**/services', '**/schemas/**', '**/cli/**'], message: 'language/ imports only language/ and pure workflows/lib types.' },
            { group: ['**/workflows/*', '!**/workflows/lib'], allowTypeImports: true, message: 'language/ never imports workflow code.' },
          ],
        },
      ],
    },
  },
  {
    // Services sit under the activities: the api, the CLIs and the services themselves call
    // services (services/), never activity factories.
    files: ['api/**/*.ts', 'cli/**/*.ts', 'services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/activities', '**/activities/**'], message: 'Call a service (services/) instead: activities are thin Temporal wrappers over them.' },
            clientsUseContracts,
          ],
        },
      ],
    },
  },
  {
    // Clients start and signal workflows by their contract (workflows/contracts/: type name, id,
    // input, signals): importing an implementation would pull workflow code into the api.
    files: ['temporal/**/*.ts', 'workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [clientsUseContracts] }] },
  },
  {
    // A file a newcomer can read in one sitting: past 400 lines, cut it at its own sections.
    files: ['{workflows,activities,services,api,cli,language,schemas,temporal,workers}/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-console': 'off' },
  },
);
