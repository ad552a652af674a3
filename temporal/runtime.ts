import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from '../services/infra/logger';

const LEVELS: Record<LogLevel, string> = { TRACE: 'silly', DEBUG: 'debug', INFO: 'verbose', WARN: 'warn', ERROR: 'error' };

/**
 * Routes the SDK's own logs (worker state, bundling, core) into our logger. SDK INFO lines are
 * verbose for an operator, so they land at `verbose`; warnings and errors keep their level.
 * Must run before any worker connection is created.
 */
export function installTemporalRuntime(logger: Logger): void {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => logger.log(LEVELS[level], message, { sdk: meta });
  Runtime.install({
    logger: {
      log,
      trace: (m, meta) => log('TRACE', m, meta),
      debug: (m, meta) => log('DEBUG', m, meta),
      info: (m, meta) => log('INFO', m, meta),
      warn: (m, meta) => log('WARN', m, meta),
      error: (m, meta) => log('ERROR', m, meta),
    },
  });
}
