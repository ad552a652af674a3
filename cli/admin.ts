import { parseArgs } from 'node:util';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type z } from 'zod';
import { type Config, loadConfigOrExit } from '../schemas/config';
import { connectClient } from '../temporal/connection';
import type { AccountDeletionResult } from '../workflows/contracts/account-deletion';
import { e164, language, timeZone } from '../schemas/common';
import { openDatabase, type Orm } from '../schemas/db';
import { findUserByPhone, Message, User } from '../schemas/entities';
import { fieldCrypto } from '../schemas/field-crypto';
import { keyUsage, reencryptAll } from '../schemas/key-rotation';
import { startAccountDeletion } from '../services/privacy/deletion';
import { createReminderService, createReminderStore } from '../services/reminders';
import { ACCOUNTS_USAGE, passwordHashFromFlag, runAccountsCommand } from './accounts-commands';
import { CliError } from './cli-error';
import { numberCommands, provisionUser, usageCommand } from './numbers';

/**
 * Operator CLI: `npm run admin -- <command> [--json]`. Works while the product runs (it talks
 * to the same database). With --json, stdout carries only JSON; errors are one line on stderr, exit 1.
 */

const USAGE = `usage: npm run admin -- <command> [--json]
  user add --phone E164 --number E164 [--tz IANA] [--lang fr|en] [--password P]
  user add --phone E164 --provision [--area-code NPA] [--tz IANA] [--lang fr|en]
  user list
  messages --phone E164 | messages --failed [--phone E164]
  numbers list
  numbers release --phone E164          (the number itself, or the user's phone)
  usage [--phone E164] [--month YYYY-MM] (also: admin usage …)
  reminders list --phone E164
  reminders cancel --id REMINDER_ID
  keys status
  keys rotate
  user delete --phone E164          erase the user everywhere (accountDeletionWorkflow)
${ACCOUNTS_USAGE}`;

type Flags = Record<string, string | boolean | undefined>;

function field<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`--${flag}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  return parsed.data;
}

const required = (flags: Flags, name: string): string => {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required\n${USAGE}`);
  return v;
};

/** The product's Temporal server (commands that start or signal workflows). */
async function connectTemporal(config: Config) {
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  return connectClient({ address, namespace: config.temporal.namespace, encryptionKeys: config.encryptionKeys }).catch(() => {
    throw new CliError(`cannot reach Temporal at ${address}: is the product running?`);
  });
}

const userJson = (u: User) => ({
  id: u.id,
  phone: u.phone,
  assistantNumber: u.assistantNumber,
  timezone: u.timezone,
  language: u.language,
  status: u.status,
  role: u.role,
  deliveryFlag: u.deliveryFlag,
});

async function userAdd(orm: Orm, flags: Flags) {
  const em = orm.em.fork();
  const user = new User({
    phone: field(e164, required(flags, 'phone'), 'phone'),
    assistantNumber: field(e164, required(flags, 'number'), 'number'),
    timezone: field(timeZone, flags.tz ?? 'America/Toronto', 'tz'),
    language: field(language, flags.lang ?? 'fr', 'lang'),
  });
  if (user.phone === user.assistantNumber) throw new CliError('--phone and --number must differ');
  user.passwordHash = await passwordHashFromFlag(flags, (m) => new CliError(m));
  try {
    await em.persistAndFlush(user);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new CliError('a user with this phone or assistant number already exists');
    }
    throw err;
  }
  return { json: userJson(user), text: `user ${user.id} added: ${user.phone} texts ${user.assistantNumber}` };
}

async function userList(orm: Orm) {
  const users = await orm.em.fork().find(User, {}, { orderBy: { createdAt: 'asc' } });
  const rows = users.map(userJson);
  const text = rows.length
    ? rows.map((u) => `${u.id}  ${u.phone}  →  ${u.assistantNumber}  ${u.timezone}  ${u.language}  ${u.status}`).join('\n')
    : 'no users yet';
  return { json: rows, text };
}

async function messages(orm: Orm, flags: Flags) {
  const em = orm.em.fork();
  const failedOnly = flags.failed === true;
  const phone = failedOnly && flags.phone === undefined ? null : field(e164, required(flags, 'phone'), 'phone');
  const user = phone === null ? null : await findUserByPhone(em, phone);
  if (phone !== null && !user) throw new CliError(`no user with phone ${phone}`);
  const where = {
    ...(user ? { user: user.id } : {}),
    ...(failedOnly ? { direction: 'outbound' as const, status: { $in: ['failed', 'undelivered'] as Message['status'][] } } : {}),
  };
  const list = await em.find(Message, where, { orderBy: { createdAt: 'asc', id: 'asc' }, populate: ['user'] });
  const rows = list.map((m) => ({
    ...(failedOnly ? { phone: m.user.getEntity().phone, idempotencyKey: m.idempotencyKey } : {}),
    errorCode: m.errorCode,
    twilioSid: m.twilioSid,
    direction: m.direction,
    body: m.body,
    status: m.status,
    segments: m.segments,
    encoding: m.encoding,
    createdAt: m.createdAt.toISOString(),
  }));
  const text = rows.length
    ? rows.map((m) => `${m.createdAt}  ${m.direction === 'inbound' ? '←' : '→'}  [${m.status}] ${m.body}`).join('\n')
    : failedOnly ? 'no failed messages' : 'no messages yet';
  return { json: rows, text };
}

async function remindersList(orm: Orm, flags: Flags) {
  const em = orm.em.fork();
  const phone = field(e164, required(flags, 'phone'), 'phone');
  const user = await findUserByPhone(em, phone);
  if (!user) throw new CliError(`no user with phone ${phone}`);
  const list = await createReminderStore(orm).allOf(user.id);
  const rows = list.map((r) => ({
    id: r.id,
    text: r.text,
    dueAt: r.dueAt.toISOString(),
    timezone: r.timezone,
    recurrence: r.rrule,
    status: r.status,
  }));
  const text = rows.length
    ? rows.map((r) => `${r.id}  ${r.dueAt}  [${r.status}]${r.recurrence ? ` (${r.recurrence})` : ''}  ${r.text}`).join('\n')
    : 'no reminders';
  return { json: rows, text };
}

/** Cancels through the reminder's workflow (the source of truth), then reads back the result. */
async function remindersCancel(orm: Orm, config: Config, flags: Flags) {
  const id = required(flags, 'id');
  const reminder = await createReminderStore(orm).byId(id);
  if (!reminder) throw new CliError(`no reminder ${id}`);
  if (!['scheduled', 'firing'].includes(reminder.status)) throw new CliError(`reminder ${id} is already ${reminder.status}`);
  const temporal = await connectTemporal(config);
  try {
    const reminders = createReminderService({ orm, temporal, taskQueue: config.temporal.taskQueue, nagMinutes: config.reminders.nagMinutes });
    if ((await reminders.cancel(reminder)) === 'gone') throw new CliError(`reminder ${id} has no running workflow`);
    // The worker may be down: the signal is durable, so don't wait for ever to report.
    const status = (await reminders.outcome(reminder, 10_000)) ?? 'cancel requested';
    const json = { id, status };
    return { json, text: `reminder ${id} ${status}` };
  } finally {
    await temporal.connection.close();
  }
}

/** Which key encrypts what: once an old key id counts nothing anywhere, it can leave DATA_ENCRYPTION_KEYS (docs/security.md). */
async function keysStatus(orm: Orm) {
  const usage = await keyUsage(orm.em.getConnection());
  const current = fieldCrypto(orm).ring.currentKeyId;
  const text = [`current key: ${current}`, ...Object.entries(usage).map(([col, perKey]) => {
    const parts = Object.entries(perKey).map(([id, n]) => `${id}=${n}`);
    return `${col}: ${parts.length ? parts.join(' ') : 'empty'}`;
  })].join('\n');
  return { json: { currentKeyId: current, usage }, text };
}

/** Re-encrypts every encrypted value (and the wrapped blind-index key) with the first key of DATA_ENCRYPTION_KEYS. */
async function keysRotate(orm: Orm) {
  const crypto = fieldCrypto(orm);
  const rewritten = await reencryptAll(orm.em.getConnection(), crypto);
  const total = Object.values(rewritten).reduce((a, b) => a + b, 0);
  const text = [`re-encrypted ${total} value(s) with key ${crypto.ring.currentKeyId}`, ...Object.entries(rewritten).map(([col, n]) => `  ${col}: ${n}`)].join('\n');
  return { json: { currentKeyId: crypto.ring.currentKeyId, rewritten }, text };
}

/** Erases a user through accountDeletionWorkflow and waits for its summary (the worker must run). */
async function userDelete(orm: Orm, config: Config, flags: Flags) {
  const phone = field(e164, required(flags, 'phone'), 'phone');
  const user = await findUserByPhone(orm.em.fork(), phone);
  if (!user) throw new CliError(`no user with phone ${phone}`);
  const temporal = await connectTemporal(config);
  try {
    const workflowId = await startAccountDeletion({ temporal, taskQueue: config.temporal.taskQueue }, { userId: user.id, requestedBy: 'admin', notify: false, language: user.language });
    const result = await Promise.race([
      temporal.workflow.getHandle(workflowId).result() as Promise<AccountDeletionResult>,
      new Promise<null>((r) => setTimeout(() => r(null), 60_000).unref()),
    ]);
    if (!result) return { json: { workflowId, status: 'erasing' }, text: `erasure started (${workflowId}); no worker finished it within 60 s` };
    const counts = Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ');
    return { json: { workflowId, status: 'erased', ...result }, text: `user erased (audit ${result.subjectHash.slice(0, 12)}…): ${counts}` };
  } finally {
    await temporal.connection.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      phone: { type: 'string' },
      number: { type: 'string' },
      tz: { type: 'string' },
      lang: { type: 'string' },
      id: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      partner: { type: 'string' },
      provision: { type: 'boolean', default: false },
      'area-code': { type: 'string' },
      month: { type: 'string' },
      failed: { type: 'boolean', default: false },
    },
  });
  const command = positionals.join(' ');
  const config = loadConfigOrExit();
  const orm = await openDatabase(config.database, { migrate: true });
  try {
    let result: { json: unknown; text: string };
    if (command === 'user add' && values.provision) result = await provisionUser(orm, config, values, userJson);
    else if (command === 'user add') result = await userAdd(orm, values);
    else if (command === 'numbers list' || command === 'numbers release') result = await numberCommands(command, orm, config, values);
    else if (command === 'usage' || command === 'admin usage') result = await usageCommand(orm, config, values);
    else if (command === 'user list') result = await userList(orm);
    else if (command === 'messages') result = await messages(orm, values);
    else if (command === 'reminders list') result = await remindersList(orm, values);
    else if (command === 'reminders cancel') result = await remindersCancel(orm, config, values);
    else if (command === 'user delete') result = await userDelete(orm, config, values);
    else if (command === 'keys status') result = await keysStatus(orm);
    else if (command === 'keys rotate') result = await keysRotate(orm);
    else {
      const accounts = await runAccountsCommand(command, orm, values, (m) => new CliError(m));
      if (!accounts) throw new CliError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
      result = accounts;
    }
    process.stdout.write(values.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
  } finally {
    await orm.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ? (err as Error).message
    : `admin failed: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
