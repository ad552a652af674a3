/**
 * A tiny OTLP/HTTP trace receiver on 127.0.0.1 (what Jaeger's :4318 or an OpenTelemetry
 * Collector speaks): records every `POST /v1/traces` with the JSON encoding that
 * @opentelemetry/exporter-trace-otlp-http sends (ExportTraceServiceRequest), answers
 * `{"partialSuccess":{}}` like a collector does. Protobuf bodies get 415 (not what we export).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  service: string;
  scope: string;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:43181 */
  url: string;
  spans: ReceivedSpan[];
  /** Number of export requests received. */
  posts: number;
  /** Resolves with the spans once `predicate` holds over everything received; rejects with what arrived. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, opts?: { timeoutMs?: number; what?: string }): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}

function anyValue(v: Record<string, unknown> | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) return ((v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(anyValue);
  return v;
}

function attrs(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const waiters = new Set<() => void>();
  let posts = 0;

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      res.writeHead(415).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: {
            resource?: { attributes?: OtlpKeyValue[] };
            scopeSpans?: { scope?: { name?: string }; spans?: Record<string, unknown>[] }[];
          }[];
        };
        posts += 1;
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({
                traceId: String(s.traceId),
                spanId: String(s.spanId),
                parentSpanId: s.parentSpanId ? String(s.parentSpanId) : null,
                name: String(s.name),
                kind: Number(s.kind ?? 0),
                service,
                scope: ss.scope?.name ?? '',
                attributes: attrs(s.attributes as OtlpKeyValue[] | undefined),
                status: (s.status as ReceivedSpan['status']) ?? {},
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"partialSuccess":{}}');
        for (const w of waiters) w();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    get posts() {
      return posts;
    },
    waitFor(predicate, opts = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(spans)) return;
          cleanup();
          resolve(spans);
        };
        const timer = setTimeout(() => {
          cleanup();
          const names = [...new Set(spans.map((s) => `${s.service}:${s.name}`))].join(', ');
          reject(new Error(`timed out waiting for ${opts.what ?? 'spans'}; received ${spans.length}: ${names || 'none'}`));
        }, opts.timeoutMs ?? 20_000);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
