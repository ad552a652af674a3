import { Router } from 'express';
import { pingDatabase } from '../../schemas/db';
import type { ApiDeps } from '../context';

async function check(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; error?: string; ms: number }> {
  const started = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err), ms: Date.now() - started };
  }
}

/** /healthz: the process is up. /readyz: its dependencies answer (503 with detail otherwise). */
export function createHealthRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, temporal, redis] = await Promise.all([
      check(() => pingDatabase(deps.orm)),
      check(() => deps.temporal.connection.healthService.check({})),
      check(() => deps.kv.ping()),
    ]);
    const checks = {
      database: { ...database, kind: deps.config.database.kind },
      temporal,
      redis: { ...redis, kind: deps.kv.kind },
    };
    const ready = database.ok && temporal.ok && redis.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  return router;
}
