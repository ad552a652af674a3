import { join } from 'node:path';
import type { Config } from '../schemas/config';

/** The embedded dev server's store, when this deployment runs one (TEMPORAL_ADDRESS unset). */
export function embeddedTemporalFile(config: Config): string | null {
  return config.temporal.address ? null : join(config.dataDir, 'temporal.db');
}
