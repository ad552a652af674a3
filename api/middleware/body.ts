import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { HttpProblem } from '../problem';

/** Request bodies of the REST API: JSON, at most this big. */
export const MAX_BODY_BYTES = 100 * 1024;

/**
 * JSON bodies for /api/v1: over 100 kB is 413 whatever the content type (checked on the
 * declared length first, then while reading), malformed JSON is a 400 naming `body`.
 */
export function jsonBody(): [RequestHandler, RequestHandler, ErrorRequestHandler] {
  const declaredLength: RequestHandler = (req, _res, next) => {
    const length = Number(req.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) return next(new HttpProblem(413, 'Payload Too Large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} kB.`));
    next();
  };
  const parse = express.json({ limit: MAX_BODY_BYTES, strict: false, type: ['application/json', 'application/*+json'] });
  const errors: ErrorRequestHandler = (err, _req, _res, next) => {
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.too.large') return next(new HttpProblem(413, 'Payload Too Large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} kB.`));
    if (type === 'entity.parse.failed') {
      return next(new HttpProblem(400, 'Bad Request', 'The request body is not valid JSON.', [{ path: 'body', message: 'malformed JSON' }]));
    }
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      return next(new HttpProblem(415, 'Unsupported Media Type', 'Send JSON in UTF-8, without content encoding.'));
    }
    next(err);
  };
  return [declaredLength, parse, errors];
}
