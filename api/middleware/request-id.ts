import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { requestContext } from '../../services/infra/request-context';

/** A caller's id is kept when it is short and plain (no header injection, no log flooding). */
const ACCEPTABLE = /^[\w.:@-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    id?: string;
  }
}

/**
 * X-Request-Id: honoured when the caller (or the proxy in front) sends a sane one, generated
 * otherwise, echoed on the response, and carried by every log line written while the request
 * is handled (AsyncLocalStorage read by the logger).
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && ACCEPTABLE.test(given) ? given : randomUUID();
    req.id = id;
    res.set('X-Request-Id', id);
    requestContext.run({ requestId: id }, next);
  };
}
