/**
 * A fake of Twilio's REST API (the Messages part of 2010-04-01) on 127.0.0.1,
 * faithful enough for the official `twilio` SDK to talk to it unchanged
 * (see services/infra/twilio-client.ts for pointing the SDK at it).
 *
 * Speaks:
 *  - POST /2010-04-01/Accounts/{AccountSid}/Messages.json            (create, form-encoded)
 *  - GET  /2010-04-01/Accounts/{AccountSid}/Messages.json            (list; To, From, DateSent,
 *         DateSent<, DateSent>, PageSize, Page, PageToken; newest first)
 *  - GET  /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json (fetch)
 *  - GET  /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{Country}/Local.json
 *         (AreaCode, SmsEnabled, PageSize; `available_phone_numbers`, capabilities {voice, SMS, MMS})
 *  - POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json  (buy: PhoneNumber, SmsUrl,
 *         SmsMethod, StatusCallback, StatusCallbackMethod, FriendlyName; 21422 when not available)
 *  - GET  /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json  (list: FriendlyName, PhoneNumber)
 *  - GET / DELETE /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{PNsid}.json (fetch, release)
 * with HTTP Basic auth (AccountSid:AuthToken) and Twilio's error bodies
 * `{code, message, more_info, status}`.
 *
 * Deviations worth knowing: `date_sent` is null in the create response (as on
 * Twilio) but equals `date_created` afterwards, and DateSent filters compare
 * against that instant; statuses only change through `sendStatusCallback`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { countSegments as countSmsSegments } from '../../language/sms/segments';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Request, Response } from 'express';

export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  statusCallback?: string;
  dateCreated: Date;
  numSegments: string;
  errorCode: number | null;
}

/** A number the fake's account bought (IncomingPhoneNumber). */
export interface FakeIncomingNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  smsMethod: string;
  statusCallback: string;
  statusCallbackMethod: string;
  dateCreated: Date;
}

/** Routes failure injection can target. */
export type FakeRoute = 'messages' | 'available' | 'buy' | 'release' | 'incoming-list';

export type FakeStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface FakeRequest {
  method: string;
  /** Path without query string, e.g. /2010-04-01/Accounts/AC…/Messages.json */
  path: string;
  /** POST: the form-encoded body; GET: the query string parameters. Last value wins on repeats. */
  form: Record<string, string>;
}

export interface FakeTwilio {
  url: string; // http://127.0.0.1:<port>
  accountSid: string;
  authToken: string;
  messages: FakeMessage[]; // every message accepted, in order
  requests: FakeRequest[];
  /** Next n Message creates fail with this HTTP status and Twilio error body {code, message, more_info, status}. */
  failNext(n: number, error: { status: number; code: number; message: string }): void;
  /** Accept the create but close the socket without answering (simulates a crash after Twilio sent). */
  dropResponseNext(n: number): void;
  /**
   * The next n creates are held for `ms` before Twilio records them (an overloaded edge): a client
   * with a shorter timeout gives up first, and the message still appears, later.
   */
  slowCreateNext(n: number, ms: number): void;
  /**
   * The next n creates are lost before Twilio records them: the socket is closed without an
   * answer after `holdMs` and no message exists (a request lost on its way, an edge failing).
   * Creates that arrive meanwhile are served normally.
   */
  dropRequestNext(n: number, holdMs?: number): void;
  /** Numbers bought and not released. */
  incomingNumbers: FakeIncomingNumber[];
  /** Every number ever released (DELETE), in order. */
  releasedNumbers: FakeIncomingNumber[];
  /** Puts numbers in the available inventory of a country (E.164, SMS-capable unless smsEnabled is false). */
  addAvailableNumbers(country: string, numbers: string[], opts?: { smsEnabled?: boolean }): void;
  /** Next n requests on `route` fail with this HTTP status and Twilio error body. */
  failNextOn(route: FakeRoute, n: number, error: { status: number; code: number; message: string }): void;
  /** The next buy of a number succeeds at Twilio but the socket closes without an answer. */
  dropBuyResponseNext(n: number): void;
  /** Resolves when at least n messages (optionally matching a filter) were accepted; rejects after timeoutMs with a helpful message listing what arrived. */
  waitForMessages(n: number, opts?: { to?: string; timeoutMs?: number }): Promise<FakeMessage[]>;
  /** POST a status callback for message `sid` to its StatusCallback URL, form-encoded and signed with X-Twilio-Signature like Twilio does (MessageSid, MessageStatus, To, From, AccountSid, ErrorCode when given). */
  sendStatusCallback(sid: string, status: FakeStatus, errorCode?: number): Promise<number /* http status */>;
  reset(): void;
  close(): Promise<void>;
}

const API_VERSION = '2010-04-01';
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const MAX_BODY_CHARS = 1600;

// ---------------------------------------------------------------------------
// Segment counting: the product's own 3GPP counter (language/sms/segments.ts) is the reference.

/** Number of SMS segments Twilio bills for `body`, as Twilio reports it (a string). */
export function countSegments(body: string): string {
  return String(countSmsSegments(body).segments);
}

// ---------------------------------------------------------------------------
// Helpers

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Twilio's date format: RFC 2822 in UTC, e.g. "Tue, 02 Jan 2024 15:04:05 +0000". */
function rfc2822(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function sendError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json(twilioError(status, code, message));
}

function paramsToRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = v;
  return out;
}

function checkBasicAuth(req: Request, accountSid: string, authToken: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return false;
  return decoded.slice(0, i) === accountSid && decoded.slice(i + 1) === authToken;
}

const E164 = /^\+[1-9]\d{1,14}$/;
function isValidAddress(addr: string): boolean {
  // Plain E.164 or a channel address like whatsapp:+15551234567
  const m = /^(?:[a-z]+:)?(.*)$/.exec(addr);
  return E164.test(m?.[1] ?? '');
}

interface DateFilter {
  op: '=' | '<=' | '>=';
  value: string;
}

/** Parses a DateSent filter value: YYYY-MM-DD (whole UTC day) or YYYY-MM-DDTHH:mm:ssZ. */
function matchesDateFilter(sentAt: Date, f: DateFilter): boolean | 'invalid' {
  const t = Math.floor(sentAt.getTime() / 1000) * 1000; // Twilio dates have second precision
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.value)) {
    const start = Date.parse(`${f.value}T00:00:00Z`);
    if (Number.isNaN(start)) return 'invalid';
    const end = start + 86_400_000;
    if (f.op === '=') return t >= start && t < end;
    if (f.op === '<=') return t < end; // on or before that day
    return t >= start; // on or after that day
  }
  const at = Date.parse(f.value);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(f.value)) return 'invalid';
  if (f.op === '=') return t === Math.floor(at / 1000) * 1000;
  if (f.op === '<=') return t <= at;
  return t >= at;
}

// ---------------------------------------------------------------------------

export async function startFakeTwilio(
  opts: { accountSid?: string; authToken?: string; port?: number } = {},
): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? `AC${hex(16)}`;
  const authToken = opts.authToken ?? hex(16);
  const messages: FakeMessage[] = [];
  const requests: FakeRequest[] = [];
  /** Extra per-message state that is not part of FakeMessage. */
  const extra = new Map<string, { messagingServiceSid: string | null; numMedia: number; dateUpdated: Date }>();
  const failures: { status: number; code: number; message: string }[] = [];
  let dropsPending = 0;
  const slowCreates: number[] = [];
  const lostCreates: number[] = [];
  const incomingNumbers: FakeIncomingNumber[] = [];
  const releasedNumbers: FakeIncomingNumber[] = [];
  const available = new Map<string, { phoneNumber: string; sms: boolean }[]>();
  const routeFailures = new Map<FakeRoute, { status: number; code: number; message: string }[]>();
  let buyDropsPending = 0;
  const injected = (route: FakeRoute) => routeFailures.get(route)?.shift();
  const waiters = new Set<() => void>();

  const messagesPath = (acct: string) => `/${API_VERSION}/Accounts/${acct}/Messages.json`;
  const messageUri = (m: FakeMessage) => `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}.json`;

  function toResource(m: FakeMessage, opts2: { justCreated?: boolean } = {}) {
    const x = extra.get(m.sid);
    return {
      account_sid: m.accountSid,
      api_version: API_VERSION,
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: opts2.justCreated ? null : rfc2822(m.dateCreated),
      date_updated: rfc2822(x?.dateUpdated ?? m.dateCreated),
      direction: 'outbound-api',
      error_code: m.errorCode,
      error_message: null,
      from: m.from === '' ? null : m.from,
      messaging_service_sid: x?.messagingServiceSid ?? null,
      num_media: String(x?.numMedia ?? 0),
      num_segments: m.numSegments,
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: {
        media: `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json`,
      },
      to: m.to,
      uri: messageUri(m),
    };
  }

  function notify(): void {
    for (const w of [...waiters]) w();
  }

  const country = (phoneNumber: string) => {
    for (const [c, list] of available) if (list.some((n) => n.phoneNumber === phoneNumber)) return c;
    return 'US';
  };
  const pretty = (e164: string) => {
    const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
    return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
  };
  const incomingUri = (n: FakeIncomingNumber) => `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`;
  function incomingResource(n: FakeIncomingNumber) {
    return {
      account_sid: accountSid,
      address_requirements: 'none',
      address_sid: null,
      api_version: API_VERSION,
      beta: false,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      date_created: rfc2822(n.dateCreated),
      date_updated: rfc2822(n.dateCreated),
      emergency_status: 'Inactive',
      friendly_name: n.friendlyName,
      identity_sid: null,
      origin: 'twilio',
      phone_number: n.phoneNumber,
      sid: n.sid,
      sms_application_sid: '',
      sms_fallback_method: 'POST',
      sms_fallback_url: '',
      sms_method: n.smsMethod,
      sms_url: n.smsUrl,
      status_callback: n.statusCallback,
      status_callback_method: n.statusCallbackMethod,
      status: 'in-use',
      trunk_sid: null,
      uri: incomingUri(n),
      voice_method: 'POST',
      voice_url: null,
      subresource_uris: { assigned_add_ons: `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}/AssignedAddOns.json` },
    };
  }

  function handleAvailable(res: Response, query: URLSearchParams, iso: string, path: string): void {
    const failure = injected('available');
    if (failure) return sendError(res, failure.status, failure.code, failure.message);
    const areaCode = query.get('AreaCode');
    if (areaCode !== null && !/^\d{3}$/.test(areaCode)) return sendError(res, 400, 21451, `Invalid area code: ${areaCode}`);
    const sms = query.get('SmsEnabled');
    const pageSize = Math.min(Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const list = (available.get(iso) ?? [])
      .filter((n) => areaCode === null || n.phoneNumber.startsWith(`+1${areaCode}`))
      .filter((n) => sms !== 'true' || n.sms)
      .slice(0, pageSize);
    const uri = `${path}?${query.toString()}`;
    res.status(200).json({
      available_phone_numbers: list.map((n) => ({
        friendly_name: pretty(n.phoneNumber),
        phone_number: n.phoneNumber,
        lata: null,
        locality: null,
        rate_center: null,
        latitude: null,
        longitude: null,
        region: iso === 'CA' ? 'QC' : null,
        postal_code: null,
        iso_country: iso,
        address_requirements: 'none',
        beta: false,
        capabilities: { voice: true, SMS: n.sms, MMS: n.sms },
      })),
      end: Math.max(0, list.length - 1),
      first_page_uri: uri,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri,
    });
  }

  function handleBuy(req: Request, res: Response, form: URLSearchParams): void {
    const failure = injected('buy');
    if (failure) return sendError(res, failure.status, failure.code, failure.message);
    const phoneNumber = form.get('PhoneNumber');
    if (!phoneNumber && !form.get('AreaCode')) return sendError(res, 400, 21421, 'PhoneNumber or AreaCode is required.');
    if (!phoneNumber || !E164.test(phoneNumber)) return sendError(res, 400, 21421, `PhoneNumber is invalid: ${phoneNumber ?? ''}`);
    for (const key of ['SmsUrl', 'StatusCallback']) {
      const v = form.get(key);
      if (v !== null && !/^https?:\/\//.test(v)) return sendError(res, 400, 21402, `${key} is not a valid URL: ${v}`);
    }
    const c = country(phoneNumber);
    const pool = available.get(c) ?? [];
    const i = pool.findIndex((n) => n.phoneNumber === phoneNumber);
    if (i < 0) return sendError(res, 400, 21422, 'PhoneNumber Requested is not available');
    pool.splice(i, 1);
    const n: FakeIncomingNumber = {
      sid: `PN${hex(16)}`,
      phoneNumber,
      friendlyName: form.get('FriendlyName') ?? pretty(phoneNumber),
      smsUrl: form.get('SmsUrl') ?? '',
      smsMethod: form.get('SmsMethod') ?? 'POST',
      statusCallback: form.get('StatusCallback') ?? '',
      statusCallbackMethod: form.get('StatusCallbackMethod') ?? 'POST',
      dateCreated: new Date(),
    };
    incomingNumbers.push(n);
    (n as FakeIncomingNumber & { country?: string }).country = c;
    if (buyDropsPending > 0) {
      buyDropsPending -= 1;
      req.socket.destroy();
      return;
    }
    res.status(201).json(incomingResource(n));
  }

  function handleIncomingList(res: Response, query: URLSearchParams, path: string): void {
    const failure = injected('incoming-list');
    if (failure) return sendError(res, failure.status, failure.code, failure.message);
    const friendly = query.get('FriendlyName');
    const phone = query.get('PhoneNumber');
    const list = incomingNumbers.filter((n) => (friendly === null || n.friendlyName === friendly) && (phone === null || n.phoneNumber === phone));
    const uri = `${path}?${query.toString()}`;
    res.status(200).json({
      incoming_phone_numbers: list.map(incomingResource),
      end: Math.max(0, list.length - 1),
      first_page_uri: uri,
      next_page_uri: null,
      page: 0,
      page_size: Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE),
      previous_page_uri: null,
      start: 0,
      uri,
    });
  }

  function handleRelease(res: Response, sid: string): void {
    const failure = injected('release');
    if (failure) return sendError(res, failure.status, failure.code, failure.message);
    const i = incomingNumbers.findIndex((n) => n.sid === sid);
    if (i < 0) return sendError(res, 404, 20404, `The requested resource /IncomingPhoneNumbers/${sid}.json was not found`);
    const [n] = incomingNumbers.splice(i, 1);
    releasedNumbers.push(n!);
    // Back to the carrier's pool: anyone (including us) may be offered it again.
    const c = (n as FakeIncomingNumber & { country?: string }).country ?? 'US';
    available.set(c, [...(available.get(c) ?? []), { phoneNumber: n!.phoneNumber, sms: true }]);
    res.status(204).end();
  }

  function handleCreate(req: Request, res: Response, form: URLSearchParams): void {
    const lostAfterMs = lostCreates.shift();
    if (lostAfterMs !== undefined) {
      setTimeout(() => req.socket.destroy(), lostAfterMs);
      return;
    }
    const holdMs = slowCreates.shift();
    if (holdMs !== undefined) {
      setTimeout(() => handleCreate(req, res, form), holdMs);
      return;
    }
    const failure = failures.shift() ?? injected('messages');
    if (failure) {
      sendError(res, failure.status, failure.code, failure.message);
      return;
    }
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    const messagingServiceSid = form.get('MessagingServiceSid');
    const contentSid = form.get('ContentSid');
    const statusCallback = form.get('StatusCallback') ?? undefined;

    if (!to) return sendError(res, 400, 21604, "A 'To' phone number is required.");
    if (!from && !messagingServiceSid) return sendError(res, 400, 21603, "A 'From' phone number is required.");
    if (!body && mediaUrls.length === 0 && !contentSid)
      return sendError(res, 400, 21602, 'Message body is required.');
    if (!isValidAddress(to)) return sendError(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (from && !isValidAddress(from) && !/^[A-Za-z0-9 ]{1,11}$/.test(from))
      return sendError(res, 400, 21212, `Invalid From Number (caller ID): ${from}`);
    if (from && from === to) return sendError(res, 400, 21266, "'To' and 'From' number cannot be the same");
    if (Array.from(body).length > MAX_BODY_CHARS)
      return sendError(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (statusCallback !== undefined) {
      try {
        const u = new URL(statusCallback);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('bad protocol');
      } catch {
        return sendError(res, 400, 21609, `Invalid StatusCallback URL: ${statusCallback}`);
      }
    }

    const now = new Date();
    const message: FakeMessage = {
      sid: `SM${hex(16)}`,
      accountSid,
      to,
      from,
      body,
      status: messagingServiceSid && !from ? 'accepted' : 'queued',
      ...(statusCallback !== undefined ? { statusCallback } : {}),
      dateCreated: now,
      numSegments: countSegments(body),
      errorCode: null,
    };
    messages.push(message);
    extra.set(message.sid, { messagingServiceSid, numMedia: mediaUrls.length, dateUpdated: now });
    notify();

    if (dropsPending > 0) {
      dropsPending -= 1;
      // Twilio accepted (and will send) the message, but the client never hears back.
      req.socket.destroy();
      return;
    }
    res.status(201).json(toResource(message, { justCreated: true }));
  }

  function handleList(res: Response, query: URLSearchParams, acct: string): void {
    const to = query.get('To');
    const from = query.get('From');
    const dateFilters: DateFilter[] = [];
    for (const [key, op] of [
      ['DateSent', '='],
      ['DateSent<', '<='],
      ['DateSent>', '>='],
    ] as const) {
      const v = query.get(key);
      if (v !== null) dateFilters.push({ op, value: v });
    }

    const pageSizeRaw = query.get('PageSize');
    const pageSize = pageSizeRaw === null ? DEFAULT_PAGE_SIZE : Number(pageSizeRaw);
    if (!Number.isInteger(pageSize) || pageSize < 1)
      return sendError(res, 400, 20001, `Invalid PageSize: ${pageSizeRaw ?? ''}`);
    const effectivePageSize = Math.min(pageSize, MAX_PAGE_SIZE);
    const pageRaw = query.get('Page');
    const page = pageRaw === null ? 0 : Number(pageRaw);
    if (!Number.isInteger(page) || page < 0) return sendError(res, 400, 20001, `Invalid Page: ${pageRaw ?? ''}`);

    const matching: FakeMessage[] = [];
    // Newest first, like Twilio.
    for (let i = messages.length - 1; i >= 0; i -= 1) {
      const m = messages[i];
      if (!m) continue;
      if (to !== null && m.to !== to) continue;
      if (from !== null && m.from !== from) continue;
      let ok = true;
      for (const f of dateFilters) {
        const r = matchesDateFilter(m.dateCreated, f);
        if (r === 'invalid') return sendError(res, 400, 20001, `Invalid DateSent value: ${f.value}`);
        if (!r) ok = false;
      }
      if (ok) matching.push(m);
    }

    const start = page * effectivePageSize;
    const slice = matching.slice(start, start + effectivePageSize);
    const filterParams = new URLSearchParams();
    if (to !== null) filterParams.set('To', to);
    if (from !== null) filterParams.set('From', from);
    for (const key of ['DateSent', 'DateSent<', 'DateSent>']) {
      const v = query.get(key);
      if (v !== null) filterParams.set(key, v);
    }
    const pageUri = (p: number, token?: string) => {
      const q = new URLSearchParams(filterParams);
      q.set('PageSize', String(effectivePageSize));
      q.set('Page', String(p));
      if (token) q.set('PageToken', token);
      return `${messagesPath(acct)}?${q.toString()}`;
    };
    const hasNext = start + effectivePageSize < matching.length;
    const last = slice[slice.length - 1];
    const first = slice[0];
    res.status(200).json({
      end: slice.length === 0 ? 0 : start + slice.length - 1,
      first_page_uri: pageUri(0),
      messages: slice.map((m) => toResource(m)),
      next_page_uri: hasNext && last ? pageUri(page + 1, `PA${last.sid}`) : null,
      page,
      page_size: effectivePageSize,
      previous_page_uri: page > 0 && first ? pageUri(page - 1, `PB${first.sid}`) : null,
      start,
      uri: pageUri(page, query.get('PageToken') ?? undefined),
    });
  }

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(express.text({ type: () => true, limit: '1mb' }));

  app.use((req: Request, res: Response) => {
    const qIndex = req.originalUrl.indexOf('?');
    const path = qIndex < 0 ? req.originalUrl : req.originalUrl.slice(0, qIndex);
    const query = new URLSearchParams(qIndex < 0 ? '' : req.originalUrl.slice(qIndex + 1));
    const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.method === 'POST' && isForm && typeof req.body === 'string' ? req.body : '');
    requests.push({ method: req.method, path, form: paramsToRecord(req.method === 'GET' ? query : form) });
    res.setHeader('Twilio-Request-Id', `RQ${hex(16)}`);

    if (!checkBasicAuth(req, accountSid, authToken)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
      return sendError(res, 401, 20003, 'Authenticate');
    }

    const notFound = () => sendError(res, 404, 20404, `The requested resource ${path} was not found`);
    const availMatch = /^\/2010-04-01\/Accounts\/([^/]+)\/AvailablePhoneNumbers\/([A-Z]{2})\/Local\.json$/.exec(path);
    const incomingList = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/.exec(path);
    const incomingOne = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/(PN[0-9a-f]{32})\.json$/.exec(path);
    const numbersAcct = availMatch?.[1] ?? incomingList?.[1] ?? incomingOne?.[1];
    if (numbersAcct !== undefined) {
      if (numbersAcct !== accountSid) return notFound();
      if (availMatch && req.method === 'GET') return handleAvailable(res, query, availMatch[2]!, path);
      if (incomingList && req.method === 'POST') return handleBuy(req, res, form);
      if (incomingList && req.method === 'GET') return handleIncomingList(res, query, path);
      if (incomingOne && req.method === 'DELETE') return handleRelease(res, incomingOne[2]!);
      if (incomingOne && req.method === 'GET') {
        const n = incomingNumbers.find((x) => x.sid === incomingOne[2]);
        return n ? void res.status(200).json(incomingResource(n)) : notFound();
      }
      return sendError(res, 405, 20004, 'Method not allowed');
    }
    const listMatch = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    const oneMatch = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(path);
    const acct = listMatch?.[1] ?? oneMatch?.[1];
    if (acct === undefined || acct !== accountSid) return notFound();

    if (listMatch) {
      if (req.method === 'POST') return handleCreate(req, res, form);
      if (req.method === 'GET') return handleList(res, query, acct);
      return sendError(res, 405, 20004, 'Method not allowed');
    }
    if (oneMatch && req.method === 'GET') {
      const m = messages.find((x) => x.sid === oneMatch[2]);
      if (!m) return notFound();
      res.status(200).json(toResource(m));
      return;
    }
    return notFound();
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, '127.0.0.1');
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  // Keep idle keep-alive sockets well beyond the client's reuse window, so a slow test
  // never reuses a socket the fake is closing (that would surface as a spurious ECONNRESET).
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const closeRejects = new Set<(err: Error) => void>();

  function describe(list: FakeMessage[]): string {
    if (list.length === 0) return '  (none)';
    return list
      .map((m, i) => `  ${i + 1}. ${m.sid} to=${m.to} from=${m.from} status=${m.status} body=${JSON.stringify(m.body)}`)
      .join('\n');
  }

  const fake: FakeTwilio = {
    url,
    accountSid,
    authToken,
    messages,
    requests,
    failNext(n, error) {
      for (let i = 0; i < n; i += 1) failures.push({ ...error });
    },
    dropResponseNext(n) {
      dropsPending += n;
    },
    slowCreateNext(n, ms) {
      for (let i = 0; i < n; i += 1) slowCreates.push(ms);
    },
    dropRequestNext(n, holdMs = 0) {
      for (let i = 0; i < n; i += 1) lostCreates.push(holdMs);
    },
    incomingNumbers,
    releasedNumbers,
    addAvailableNumbers(c, numbers, o = {}) {
      available.set(c, [...(available.get(c) ?? []), ...numbers.map((phoneNumber) => ({ phoneNumber, sms: o.smsEnabled !== false }))]);
    },
    failNextOn(route, n, error) {
      const list = routeFailures.get(route) ?? [];
      for (let i = 0; i < n; i += 1) list.push({ ...error });
      routeFailures.set(route, list);
    },
    dropBuyResponseNext(n) {
      buyDropsPending += n;
    },
    waitForMessages(n, wopts = {}) {
      const timeoutMs = wopts.timeoutMs ?? 5000;
      const select = () => messages.filter((m) => wopts.to === undefined || m.to === wopts.to);
      const now = select();
      if (now.length >= n) return Promise.resolve(now);
      return new Promise<FakeMessage[]>((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
          closeRejects.delete(onClose);
        };
        const check = () => {
          const got = select();
          if (got.length >= n) {
            finish();
            resolve(got);
          }
        };
        const onClose = (err: Error) => {
          finish();
          reject(err);
        };
        const timer = setTimeout(() => {
          finish();
          const filter = wopts.to === undefined ? '' : ` to ${wopts.to}`;
          reject(
            new Error(
              `FakeTwilio: expected at least ${n} message(s)${filter} within ${timeoutMs} ms, ` +
                `got ${select().length}. All ${messages.length} accepted message(s):\n${describe(messages)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        closeRejects.add(onClose);
      });
    },
    async sendStatusCallback(sid, status, errorCode) {
      const m = messages.find((x) => x.sid === sid);
      if (!m) throw new Error(`FakeTwilio: no message with sid ${sid}. Accepted:\n${describe(messages)}`);
      if (!m.statusCallback) throw new Error(`FakeTwilio: message ${sid} was created without a StatusCallback`);
      m.status = status;
      if (errorCode !== undefined) m.errorCode = errorCode;
      const x = extra.get(sid);
      if (x) x.dateUpdated = new Date();

      // Field set and order as Twilio sends them for outbound SMS status callbacks.
      const params: Record<string, string> = {};
      if (errorCode !== undefined) params.ErrorCode = String(errorCode);
      params.SmsSid = m.sid;
      params.SmsStatus = status;
      params.MessageStatus = status;
      params.To = m.to;
      params.MessageSid = m.sid;
      params.AccountSid = m.accountSid;
      if (m.from) params.From = m.from;
      params.ApiVersion = API_VERSION;

      // X-Twilio-Signature = base64(HMAC-SHA1(authToken, url + concat(sorted key+value)))
      const data = Object.keys(params)
        .sort()
        .reduce((acc, k) => acc + k + (params[k] ?? ''), m.statusCallback);
      const signature = createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');

      let response: globalThis.Response;
      try {
        response = await fetch(m.statusCallback, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
            'User-Agent': 'TwilioProxy/1.1',
            'X-Twilio-Signature': signature,
            'I-Twilio-Idempotency-Token': randomBytes(16).toString('hex'),
          },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(5000),
        });
      } catch (err) {
        const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        throw new Error(`FakeTwilio: status callback POST to ${m.statusCallback} failed: ${reason}`);
      }
      await response.arrayBuffer().catch(() => undefined); // drain so the socket can close
      return response.status;
    },
    reset() {
      messages.length = 0;
      requests.length = 0;
      extra.clear();
      failures.length = 0;
      dropsPending = 0;
      slowCreates.length = 0;
      lostCreates.length = 0;
      incomingNumbers.length = 0;
      releasedNumbers.length = 0;
      available.clear();
      routeFailures.clear();
      buyDropsPending = 0;
    },
    async close() {
      for (const r of [...closeRejects]) r(new Error('FakeTwilio closed while waiting for messages'));
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
