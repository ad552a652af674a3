import { stopTemporalServers } from './helpers/temporal';

// Quiet logs unless a run asks for them; tests assert on behaviour, not on log lines.
process.env.LOG_LEVEL ??= 'error';

/** Root hooks: the shared Temporal servers are stopped once, after every file has run. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    // A failed test may leave a worker mid-shutdown: never let teardown turn into a second failure.
    await stopTemporalServers().catch((err: unknown) => process.stderr.write(`teardown: ${String(err)}\n`));
  },
};

// The SDK's own logs (worker state, bundling) at WARN and above only.
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
Runtime.install({
  logger: new DefaultLogger('WARN'),
  // Core's own warnings about the Java test server's missing capabilities are noise here.
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
});
