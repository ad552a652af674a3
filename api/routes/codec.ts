import { isIP } from 'node:net';
import cors from 'cors';
import express, { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { createAuthGuards } from '../auth/guards';
import { HttpProblem } from '../problem';
import type { ApiDeps } from '../context';
import type { Config } from '../../schemas/config';
import { DecryptionError } from '../../schemas/keyring';
import { EncryptionCodec } from '../../temporal/codec';

const base64 = z.string().max(8_000_000).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
/** The Temporal UI's remote codec protocol: payloads in protobuf JSON form (bytes as base64). */
const codecBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }))
    .max(1000),
});
type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/**
 * The embedded Temporal UI (`npm start`) has no way to send our access token (the dev server has
 * no `codec.passAccessToken` without an OIDC login), so in development only, a request is trusted
 * without one when all of these hold: it comes straight from this machine (loopback socket, no
 * X-Forwarded-For: nothing proxied it), it was addressed to a loopback host name (a DNS-rebinding
 * page has its own host name), and a browser sent it from the UI's origin or no browser sent it.
 * Anything else, and any other NODE_ENV, needs an admin access token.
 */
export function isLocalDevelopmentCaller(req: Request, config: Pick<Config, 'env' | 'codec'>): boolean {
  if (config.env !== 'development') return false;
  if (!isLoopbackAddress(req.socket.remoteAddress) || req.headers['x-forwarded-for'] !== undefined) return false;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!LOOPBACK_HOSTS.has(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || config.codec.uiOrigins.includes(origin);
}

/**
 * The codec server for the Temporal Web UI and CLI (`--codec-endpoint`): POST /codec/encode and
 * /codec/decode with `{payloads: [...]}`, the same AES-256-GCM codec as clients and workers, so
 * operators read decrypted payloads. Admins only (see isLocalDevelopmentCaller for `npm start`);
 * CORS for the UI's origin(s) (TEMPORAL_UI_ORIGIN). Payloads are never logged.
 */
export function createCodecRouter(deps: Pick<ApiDeps, 'config' | 'logger'>): Router {
  const { config } = deps;
  const router = Router();
  const codec = new EncryptionCodec(config.encryptionKeys);
  const guards = createAuthGuards(config.auth.jwtSecret);
  const adminOnly = guards.requireRole('admin');

  const authorize: RequestHandler = (req, res, next) => {
    if (isLocalDevelopmentCaller(req, config)) return next();
    guards.authenticate(req, res, (err?: unknown) => (err ? next(err) : adminOnly(req, res, next)));
  };
  const sameNamespace: RequestHandler = (req, _res, next) => {
    const namespace = req.headers['x-namespace'];
    if (namespace !== undefined && namespace !== config.temporal.namespace) {
      return next(new HttpProblem(403, 'Forbidden', `This codec serves the namespace "${config.temporal.namespace}" only.`));
    }
    next();
  };
  const parse = (req: Request): Payload[] => {
    if (!req.is('application/json')) throw new HttpProblem(415, 'Unsupported Media Type', 'Send application/json.');
    const result = codecBody.safeParse(req.body);
    if (!result.success) {
      throw new HttpProblem(400, 'Bad Request', 'Expected {"payloads": [{"metadata": {...}, "data": "base64"}]}.',
        result.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    return result.data.payloads.map(fromJson);
  };

  router.use(
    '/codec',
    cors({
      origin: config.codec.uiOrigins,
      methods: ['POST'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-Namespace'],
      credentials: true,
      maxAge: 600,
    }),
  );
  const json = express.json({ limit: '8mb' });
  router.post('/codec/encode', authorize, sameNamespace, json, async (req, res) => {
    res.json({ payloads: (await codec.encode(parse(req))).map(toJson) });
  });
  router.post('/codec/decode', authorize, sameNamespace, json, async (req, res) => {
    try {
      res.json({ payloads: (await codec.decode(parse(req))).map(toJson) });
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err;
      deps.logger.warn('codec: a payload could not be decrypted', { reason: err.message });
      throw new HttpProblem(422, 'Unprocessable Content', 'A payload could not be decrypted: unknown key or altered data.');
    }
  });
  return router;
}
