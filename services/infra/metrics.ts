import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus series of the product, in one registry that the api and the worker share
 * when they run in one process (`npm start`); each standalone process exposes its own
 * (`GET /metrics` on the api, WORKER_METRICS_PORT on the worker). Defined once at import, so
 * creating several apps or workers in one process (tests) never registers a name twice.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** HTTP latency by route template (`/api/v1/reminders/:id`, never the raw path: bounded cardinality). */
export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration, by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** Inbound SMS webhooks by what became of them. */
export const smsInbound = new Counter({
  name: 'assistant_sms_inbound_total',
  help: 'Inbound SMS webhooks, by outcome (delivered to a conversation, duplicate, ignored)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** Outbound SMS handed to the provider (once per message, not per activity attempt), and failures for good. */
export const smsOutbound = new Counter({
  name: 'assistant_sms_outbound_total',
  help: 'Outbound SMS, by result (sent, failed) and transport (twilio, outbox)',
  labelNames: ['result', 'transport'] as const,
  registers: [metricsRegistry],
});

export const smsOutboundSegments = new Counter({
  name: 'assistant_sms_outbound_segments_total',
  help: 'Segments of the outbound SMS sent (what the carrier bills)',
  labelNames: ['transport'] as const,
  registers: [metricsRegistry],
});

/**
 * Workflow start requests made by this process's Temporal client. `start` counts workflows
 * actually started; `signalWithStart` and `updateWithStart` count requests that start the
 * workflow or reach the running one.
 */
export const workflowStarts = new Counter({
  name: 'assistant_workflow_starts_total',
  help: 'Workflow start requests by workflow type and operation (start, signalWithStart, updateWithStart)',
  labelNames: ['workflow_type', 'operation'] as const,
  registers: [metricsRegistry],
});

/** How late a reminder fired compared with its planned time (after quiet hours), observed by the worker. */
export const reminderLateness = new Histogram({
  name: 'assistant_reminder_lateness_seconds',
  help: 'Delay between a reminder occurrence planned time and the moment it fired',
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

export const rateLimited = new Counter({
  name: 'http_rate_limited_total',
  help: 'Requests refused with 429, by limiter (ip, user)',
  labelNames: ['limiter'] as const,
  registers: [metricsRegistry],
});
