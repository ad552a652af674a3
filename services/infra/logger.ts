import winston from 'winston';
import { currentRequestId } from './request-context';

export type Logger = winston.Logger;

const E164 = /\+\d{7,15}/g;

/** "+15145551234" → "+1514•••1234": enough to tell numbers apart in logs, not enough to text them. */
export function maskPhone(phone: string): string {
  return phone.replace(E164, (p) => `${p.slice(0, 5)}•••${p.slice(-4)}`);
}

/** Keys whose values never reach a log line, whatever the level. */
const SECRET_KEYS = /token|secret|password|authorization|signature|apikey|api_key/i;
/** Message bodies are user data: only at debug level. */
const BODY_KEYS = /^(body|text|reply)$/i;

function scrub(value: unknown, level: string, depth = 0): unknown {
  if (typeof value === 'string') return maskPhone(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: maskPhone(value.message) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, level, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.test(k)) out[k] = '[redacted]';
    else if (BODY_KEYS.test(k) && level !== 'debug' && level !== 'silly') out[k] = `[${String(v).length} chars]`;
    else out[k] = scrub(v, level, depth + 1);
  }
  return out;
}

/** Masks phone numbers everywhere and drops secrets and message bodies, whatever a call site passes. */
const privacy = winston.format((info) => {
  const level = String(info.level);
  // Metadata keys sit at the top level of `info`: scrub it as one object, keeping the fixed fields.
  const { level: _level, message, timestamp: _ts, ...meta } = info;
  const clean = scrub(meta, level) as Record<string, unknown>;
  for (const key of Object.keys(meta)) info[key] = clean[key];
  info.message = maskPhone(String(message));
  return info;
});

/** A rendered line as winston keeps it (triple-beam's MESSAGE symbol). */
const MESSAGE = Symbol.for('message');
const ANSI = /\u001b\[[0-9;]*m/g;

/** A log file is read with less/grep, not a terminal: no colour codes, whatever wrote the line. */
const noAnsi = winston.format((info) => {
  const rendered = (info as Record<symbol, unknown>)[MESSAGE];
  if (typeof rendered === 'string') (info as Record<symbol, unknown>)[MESSAGE] = rendered.replace(ANSI, '');
  return info;
});

const textLine = winston.format.printf(({ timestamp, level, message, service, ...rest }) => {
  if (rest.requestId === undefined) delete rest.requestId;
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${String(timestamp)} ${level} [${String(service)}] ${String(message)}${extra}`;
});

export interface LoggerOptions {
  level: string;
  json: boolean;
  service: string;
  /** Every level to stderr (CLIs whose stdout is data). */
  stderr?: boolean;
  /** Also append every line to this file (plain text or JSON as on the console, never colour codes). */
  file?: string;
}

export function createLogger(opts: LoggerOptions): Logger {
  // The lines are rendered once without colour; only the console colours the level, on its own copy.
  const format = opts.json
    ? winston.format.combine(privacy(), winston.format.timestamp(), winston.format.json())
    : winston.format.combine(privacy(), winston.format.timestamp({ format: 'HH:mm:ss' }), textLine);
  const transports: winston.transport[] = [
    new winston.transports.Console({
      stderrLevels: opts.stderr ? Object.keys(winston.config.npm.levels) : ['error', 'warn'],
      ...(opts.json ? {} : { format: winston.format.combine(winston.format.colorize(), textLine) }),
    }),
  ];
  if (opts.file) {
    // Bounded: 5 files of 10 MB (assistant.log, assistant1.log, …; the newest is always assistant.log).
    transports.push(new winston.transports.File({ filename: opts.file, format: noAnsi(), maxsize: 10_000_000, maxFiles: 5, tailable: true }));
  }
  return winston.createLogger({
    level: opts.level,
    // A getter, read synchronously by winston at each call: the line carries the id of the HTTP
    // request being handled (api/middleware/request-id.ts), if any.
    defaultMeta: {
      service: opts.service,
      get requestId() {
        return currentRequestId();
      },
    },
    format,
    transports,
  });
}
