import express, { type Request, type RequestHandler, Router } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { smsInbound } from '../../services/infra/metrics';
import { deliverInboundSms } from '../../temporal/conversations';
import { Message, User } from '../../schemas/entities';
import { smsMetrics } from '../../services/infra/sms-metrics';
import type { ApiDeps } from '../context';
import { HttpProblem } from '../problem';
import { routeInbound } from '../sms-router';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
/** Twilio retries a webhook for up to a day at most; keep MessageSids a little longer. */
const DEDUPE_TTL_SECONDS = 26 * 3600;

const inboundSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  From: z.string().min(1).max(32),
  To: z.string().min(1).max(32),
  Body: z.string().max(5000).default(''),
});

const statusSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(16).optional(),
  NumSegments: z.string().regex(/^\d{1,3}$/).optional(),
});

/** Status order, so a late "sent" callback never overwrites "delivered". */
const STATUS_RANK: Record<string, number> = { sending: 0, accepted: 1, queued: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

/** Rejects requests whose X-Twilio-Signature does not match PUBLIC_BASE_URL + path and the form body. */
export function twilioSignature(deps: Pick<ApiDeps, 'config' | 'logger'>): RequestHandler {
  return (req, _res, next) => {
    const signature = req.header('x-twilio-signature') ?? '';
    const url = deps.config.publicBaseUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!signature || !twilio.validateRequest(deps.config.twilio.webhookAuthToken, signature, url, params)) {
      deps.logger.warn('webhook signature rejected', { path: req.path });
      return next(new HttpProblem(403, 'Forbidden', 'Invalid Twilio signature.'));
    }
    next();
  };
}

function parse<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const result = schema.safeParse(req.body);
  if (!result.success) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'Missing or invalid webhook fields.',
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}

/**
 * Twilio webhooks. The SMS route is the router of the product: `To` names the user (one
 * dedicated number each), `From` must be that user's phone; carrier keywords act at once;
 * everything else is signalled to the user's conversation workflow. Twilio gets empty TwiML
 * right away: replies are sent later by the workflow through the Messages API.
 */
export function createTwilioWebhookRouter(deps: ApiDeps): Router {
  const { orm, kv, temporal, config, logger } = deps;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  router.post('/webhooks/twilio/sms', form, twilioSignature(deps), async (req, res) => {
    const sms = parse(inboundSchema, req);
    const twiml = () => res.status(200).type('text/xml').send(EMPTY_TWIML);
    const dedupeKey = `twilio:sms:${sms.MessageSid}`;
    if (!(await kv.setIfAbsent(dedupeKey, DEDUPE_TTL_SECONDS))) {
      smsInbound.inc({ outcome: 'duplicate' });
      return twiml();
    }

    try {
      const em = orm.em.fork();
      const user = await em.findOne(User, { assistantNumber: sms.To });
      const route = routeInbound({ user, from: sms.From, body: sms.Body });
      if (route.action === 'ignore' || !user) {
        // A stranger, a number we don't own, or an opted-out person: answer Twilio, text nobody.
        smsInbound.inc({ outcome: 'ignored' });
        logger.warn('inbound sms not routed', { to: sms.To, from: sms.From, reason: route.action === 'ignore' ? route.reason : null });
        return twiml();
      }
      if (route.setStatus) {
        // Opt-out is recorded before the workflow hears of it, so nothing else can text them.
        user.status = route.setStatus;
        await em.flush();
      }
      const command = route.command ?? undefined;
      await deliverInboundSms(temporal, {
        userId: user.id,
        taskQueue: config.temporal.taskQueue,
        sms: { messageSid: sms.MessageSid, body: sms.Body, receivedAt: new Date().toISOString(), ...(command ? { command } : {}) },
      });
      smsInbound.inc({ outcome: 'delivered' });
      logger.info('inbound sms delivered', { userId: user.id, messageSid: sms.MessageSid, command });
      return twiml();
    } catch (err) {
      // Not handed over: forget the sid so Twilio's retry gets a real second chance.
      await kv.delete(dedupeKey).catch(() => undefined);
      throw err;
    }
  });

  router.post('/webhooks/twilio/status', form, twilioSignature(deps), async (req, res) => {
    const status = parse(statusSchema, req);
    const em = orm.em.fork();
    const message = await em.findOne(Message, { twilioSid: status.MessageSid });
    const known = ['queued', 'sent', 'delivered', 'undelivered', 'failed'].includes(status.MessageStatus);
    if (message && known && (STATUS_RANK[status.MessageStatus] ?? 0) >= (STATUS_RANK[message.status] ?? 0) && message.status !== status.MessageStatus) {
      message.status = status.MessageStatus as Message['status'];
      const code = status.ErrorCode && /^\d+$/.test(status.ErrorCode) ? Number(status.ErrorCode) : null;
      if (code !== null) {
        message.errorCode = code;
        message.error = `Twilio error ${code}`;
      }
      if (status.NumSegments) message.segments = Number(status.NumSegments);
      await em.flush();
      if (message.status === 'undelivered' || message.status === 'failed') {
        smsMetrics.deliveryFailures.inc({ status: message.status, code: String(code ?? 'none') });
        // The operator's view: `npm run admin -- messages --failed`; one log line per failed delivery.
        logger.warn('sms not delivered', { userId: message.user.id, sid: message.twilioSid, status: message.status, errorCode: code });
      }
    }
    res.status(204).end();
  });

  return router;
}
