import type { Request, RequestHandler } from 'express';
import { httpRequestDuration } from '../../services/infra/metrics';

/** The route template that matched (`/api/v1/reminders/:id`), never the raw path; unmatched → "(unmatched)". */
export function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return '(unmatched)';
  return `${req.baseUrl}${path}` || '/';
}

/** Observes every response's duration in http_request_duration_seconds{method,route,status_code}. */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpRequestDuration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) });
    });
    next();
  };
}
