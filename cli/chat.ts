import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase, type Orm } from '../schemas/db';
import { findUserByPhone, Message, User } from '../schemas/entities';

/**
 * `npm run chat [-- --phone E164]`: an SMS simulator in the terminal. Each line is POSTed to the
 * running api exactly as Twilio would (form body + X-Twilio-Signature); replies are read back from
 * the messages table, including reminders that arrive later.
 */
const DEMO = { phone: '+15145550100', assistantNumber: '+15145550199' };

async function pickUser(orm: Orm, phone: string | undefined): Promise<User> {
  const em = orm.em.fork();
  if (phone) {
    const user = await findUserByPhone(em, phone);
    if (!user) throw new Error(`no user with phone ${phone}: add one with npm run admin -- user add --phone ${phone} --number +1…`);
    return user;
  }
  const users = await em.find(User, {}, { orderBy: { createdAt: 'asc' }, limit: 2 });
  if (users.length > 1) throw new Error('several users exist: pick one with npm run chat -- --phone E164');
  if (users[0]) return users[0];
  const demo = new User({ ...DEMO, language: 'fr' });
  await em.persistAndFlush(demo);
  process.stdout.write(`(created a demo user: ${demo.phone} texting ${demo.assistantNumber})\n`);
  return demo;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { phone: { type: 'string' } } });
  const config = loadConfigOrExit();
  const orm = await openDatabase(config.database, { migrate: true });
  const user = await pickUser(orm, values.phone);
  const path = '/webhooks/twilio/sms';
  const localUrl = `http://127.0.0.1:${config.port}${path}`;
  const signedUrl = config.publicBaseUrl + path;
  const seenUntil = new Date();
  const shown = new Set<string>();

  const poll = setInterval(() => {
    void orm.em
      .fork()
      .find(Message, { user: user.id, direction: 'outbound', createdAt: { $gte: seenUntil } }, { orderBy: { createdAt: 'asc' } })
      .then((rows) => {
        for (const m of rows) {
          if (shown.has(m.id)) continue;
          shown.add(m.id);
          process.stdout.write(`\r\x1b[K  assistant › ${m.body}\n  you › `);
        }
      })
      .catch(() => undefined);
  }, 500);

  process.stdout.write(`Chatting as ${user.phone} with ${user.assistantNumber} via ${localUrl}. Ctrl-D to quit.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '  you › ' });
  rl.prompt();
  for await (const line of rl) {
    const body = line.trim();
    if (body) {
      const params = {
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        AccountSid: config.twilio.credentials?.accountSid ?? `AC${'0'.repeat(32)}`,
        From: user.phone,
        To: user.assistantNumber,
        Body: body,
        NumMedia: '0',
      };
      const signature = twilio.getExpectedTwilioSignature(config.twilio.webhookAuthToken, signedUrl, params);
      const response = await fetch(localUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      }).catch((err: unknown) => ({ ok: false, status: 0, statusText: String(err) }));
      if (!response.ok) process.stdout.write(`  (api answered ${response.status} ${response.statusText}: is npm start running?)\n`);
    }
    rl.prompt();
  }
  clearInterval(poll);
  await orm.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
