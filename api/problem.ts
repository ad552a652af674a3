import type { ErrorRequestHandler, Response } from 'express';

/** RFC 9457 problem details: every HTTP error leaves the api in this one shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
  ) {
    super(detail ?? title);
  }
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function sendProblem(res: Response, p: HttpProblem): void {
  const body: Problem = { type: `/problems/${slug(p.title)}`, title: p.title, status: p.status };
  if (p.detail) body.detail = p.detail;
  if (p.errors) body.errors = p.errors;
  res.status(p.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Last middleware: known problems as they are, body-parser errors as 4xx, anything else as a bare 500. */
export function problemHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) return sendProblem(res, err);
    const status = (err as { status?: unknown }).status;
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.too.large') return sendProblem(res, new HttpProblem(413, 'Payload Too Large'));
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(res, new HttpProblem(status, 'Bad Request', 'The request body could not be read.'));
    }
    log(err);
    sendProblem(res, new HttpProblem(500, 'Internal Server Error'));
  };
}
