/**
 * The BullMQ side of bench/reminders.ts, as its own process (so its memory is measured apart
 * from the benchmark's): a Worker on the bench queue whose processor texts the reminder through
 * the product's Twilio client to the benchmark's fake Twilio, as the product's sendSms does
 * (minus the database). Configured by BENCH_* variables; prints "ready" once the worker is
 * connected, then one line per job: `fired <job id> <ms between dueAt and pick-up>`.
 */
import { Worker, type Job } from 'bullmq';
import { createTwilioTransport } from '../../services/infra/sms-transport';
import { createTwilioClient } from '../../services/infra/twilio-client';

export interface BenchJob {
  token: string;
  /** Epoch ms the reminder is due. */
  dueAt: number;
  to: string;
  from: string;
  body: string;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`bullmq-worker: ${name} is not set\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const redis = new URL(env('BENCH_REDIS_URL'));
  const transport = createTwilioTransport(
    createTwilioClient({ accountSid: env('BENCH_TWILIO_SID'), authToken: env('BENCH_TWILIO_TOKEN'), apiBaseUrl: env('BENCH_TWILIO_URL') }),
  );
  const worker = new Worker<BenchJob>(
    env('BENCH_QUEUE'),
    async (job: Job<BenchJob>) => {
      const picked = Date.now();
      const { dueAt, to, from, body } = job.data;
      await transport.send({ to, from, body, statusCallback: null });
      process.stdout.write(`fired ${job.id ?? '?'} ${picked - dueAt}\n`);
    },
    {
      prefix: env('BENCH_PREFIX'),
      concurrency: Number(env('BENCH_CONCURRENCY')),
      connection: {
        host: redis.hostname,
        port: Number(redis.port || 6379),
        ...(redis.password ? { password: decodeURIComponent(redis.password) } : {}),
        db: Number(redis.pathname.slice(1) || 0),
        maxRetriesPerRequest: null,
      },
    },
  );
  worker.on('error', (err) => process.stderr.write(`bullmq-worker: ${err.message}\n`));
  worker.on('failed', (job, err) => process.stderr.write(`bullmq-worker: job ${job?.id ?? '?'} failed: ${err.message}\n`));
  await worker.waitUntilReady();
  process.stdout.write('ready\n');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`bullmq-worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
