import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { twilioFromConfig } from '../services';
import { createLogger } from '../services/infra/logger';
import { createNumberService } from '../services/numbers';
import { MONTH, monthlyUsage, monthOf } from '../services/usage';
import { e164, language, timeZone } from '../schemas/common';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { findUserByPhone, PhoneNumber, User } from '../schemas/entities';
import { connectClient } from '../temporal/connection';
import { provisionNumber } from '../temporal/provisioning';
import { CliError } from './cli-error';

type Flags = Record<string, string | boolean | undefined>;
type Result = { json: unknown; text: string };

const NO_TWILIO =
  'number provisioning needs Twilio credentials (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN): the embedded default ' +
  'sends to a local outbox and has no numbers to buy; add the user with --number E164 instead';
/** The saga takes seconds; past this the worker is probably down (the workflow will still finish later). */
const PROVISION_WAIT_MS = 120_000;

function value<T>(schema: z.ZodType<T>, v: unknown, flag: string): T {
  const parsed = schema.safeParse(v);
  if (!parsed.success) throw new CliError(`--${flag}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  return parsed.data;
}
const areaCode = z.string().regex(/^[2-9]\d{2}$/, 'must be a 3-digit North American area code like 514');

/** `user add --phone E164 --provision [--area-code NPA]`: the saga creates the user with a number bought for them. */
export async function provisionUser(orm: Orm, config: Config, flags: Flags, userJson: (u: User) => object): Promise<Result> {
  if (flags.number !== undefined) throw new CliError('--provision and --number are exclusive: provision buys the number');
  if (!config.twilio.credentials) throw new CliError(NO_TWILIO);
  const phone = value(e164, flags.phone, 'phone');
  const signup = {
    phone,
    timezone: value(timeZone, flags.tz ?? 'America/Toronto', 'tz'),
    language: value(language, flags.lang ?? 'fr', 'lang'),
  };
  const area = flags['area-code'] === undefined ? undefined : value(areaCode, flags['area-code'], 'area-code');
  if (!area && !/^\+1[2-9]\d{9}$/.test(phone)) throw new CliError('--area-code is required for a phone outside +1');
  if (await findUserByPhone(orm.em.fork(), phone)) throw new CliError('a user with this phone already exists');

  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  const temporal = await connectClient({ address, namespace: config.temporal.namespace, encryptionKeys: config.encryptionKeys }).catch(() => {
    throw new CliError(`cannot reach Temporal at ${address}: is the product running?`);
  });
  const userId = randomUUID();
  try {
    const result = await Promise.race([
      provisionNumber(temporal, { userId, taskQueue: config.temporal.taskQueue, phone, language: signup.language, signup, ...(area ? { areaCode: area } : {}) }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new CliError(`still provisioning after ${PROVISION_WAIT_MS / 1000} s (workflow provision-${userId}): is the worker running?`)), PROVISION_WAIT_MS).unref(),
      ),
    ]);
    const user = await orm.em.fork().findOneOrFail(User, { id: userId });
    return { json: userJson(user), text: `user ${user.id} added: ${user.phone} texts ${result.phoneNumber}` };
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      const cause = err.cause?.message ?? err.message;
      throw new CliError(`provisioning failed: ${cause}`);
    }
    throw err;
  } finally {
    await temporal.connection.close();
  }
}

const numberJson = (n: PhoneNumber, users: Map<string, User>, coolingOffDays: number) => ({
  phoneNumber: n.phoneNumber,
  sid: n.twilioSid,
  status: n.status,
  userId: n.userId,
  userPhone: users.get(n.userId)?.phone ?? null,
  areaCode: n.areaCode,
  purchasedAt: n.purchasedAt.toISOString(),
  assignedAt: n.assignedAt?.toISOString() ?? null,
  releasedAt: n.releasedAt?.toISOString() ?? null,
  releaseReason: n.releaseReason,
  coolingOffUntil: n.releasedAt ? new Date(n.releasedAt.getTime() + coolingOffDays * 86_400_000).toISOString() : null,
});

/** `numbers list` and `numbers release --phone E164` (the number, or the phone of the user holding it). */
export async function numberCommands(command: string, orm: Orm, config: Config, flags: Flags): Promise<Result> {
  const twilio = twilioFromConfig(config);
  const logger = createLogger({ level: 'error', json: true, service: 'admin' });
  const numbers = createNumberService({ orm, logger, publicBaseUrl: config.publicBaseUrl, twilio, coolingOffDays: config.numbers.coolingOffDays });
  const usersOf = async (ids: string[]) => new Map((await orm.em.fork().find(User, { id: { $in: ids } })).map((u) => [u.id, u]));
  if (command === 'numbers list') {
    const all = await numbers.list();
    const users = await usersOf(all.map((n) => n.userId));
    const rows = all.map((n) => numberJson(n, users, config.numbers.coolingOffDays));
    const text = rows.length
      ? rows.map((n) => `${n.phoneNumber}  ${n.sid}  [${n.status}]  ${n.userPhone ?? n.userId}${n.coolingOffUntil ? `  cooling off until ${n.coolingOffUntil.slice(0, 10)}` : ''}`).join('\n')
      : 'no numbers bought yet';
    return { json: rows, text };
  }
  const phone = value(e164, flags.phone, 'phone');
  const number = await numbers.findActive(phone);
  if (!number) throw new CliError(`no provisioned number ${phone} (nor a user with that phone holding one)`);
  if (!twilio) throw new CliError(NO_TWILIO);
  await numbers.release({ numberSid: number.twilioSid, reason: 'operator' });
  const released = await orm.em.fork().findOneOrFail(PhoneNumber, { twilioSid: number.twilioSid });
  const json = numberJson(released, await usersOf([released.userId]), config.numbers.coolingOffDays);
  return { json, text: `number ${released.phoneNumber} released; not given to anyone before ${json.coolingOffUntil?.slice(0, 10)}` };
}

/** `usage [--phone E164] [--month YYYY-MM]`: one user's object, or every user's array. */
export async function usageCommand(orm: Orm, config: Config, flags: Flags): Promise<Result> {
  const month = flags.month === undefined ? monthOf(new Date()) : value(z.string().regex(MONTH, 'must be YYYY-MM'), flags.month, 'month');
  const phone = flags.phone === undefined ? null : value(e164, flags.phone, 'phone');
  let userId: string | undefined;
  if (phone) {
    const user = await findUserByPhone(orm.em.fork(), phone);
    if (!user) throw new CliError(`no user with phone ${phone}`);
    userId = user.id;
  }
  const all = await monthlyUsage(orm, config.outbound, { month, ...(userId ? { userId } : {}) });
  const rows = all.map(({ userId: _id, ...u }) => u);
  const line = (u: (typeof rows)[number]) =>
    `${u.phone}  ${u.month}  in ${u.messagesIn} (${u.segmentsIn} seg)  out ${u.messagesOut} (${u.segmentsOut} seg)  failed ${u.failed}  numbers ${u.numbers}  $${u.estimatedCost.toFixed(4)}`;
  if (phone) return { json: rows[0], text: line(rows[0]!) };
  return { json: rows, text: rows.length ? rows.map(line).join('\n') : 'no users' };
}
