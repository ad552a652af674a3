/**
 * OpenTelemetry tracing for the api and the worker, exported as OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (e.g. Jaeger's http://jaeger:4318). Unset → nothing is loaded or
 * patched: the OpenTelemetry SDK is required lazily, so tracing off costs nothing.
 *
 * One trace follows an SMS end to end: the webhook's HTTP/Express spans → the client's
 * `SignalWithStartWorkflow` span (context carried in the Temporal headers) → the workflow's
 * spans (recorded inside the sandbox, exported through the `exporter` sink) → each activity.
 *
 * Must be started before Express and node:http are first required (instrumentations patch
 * modules as they load): the entrypoints import `./tracing-preload` first.
 */
import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as SemConv from '@opentelemetry/semantic-conventions';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as HttpInstr from '@opentelemetry/instrumentation-http';
import type * as ExpressInstr from '@opentelemetry/instrumentation-express';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL; `/v1/traces` is appended (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is). */
  endpoint: string | null;
  tracesEndpoint?: string | null;
}

export interface Tracing {
  enabled: boolean;
  /** Spread into `new Client({...})`: `OpenTelemetryWorkflowClientInterceptor`. */
  clientInterceptors: ClientInterceptors | undefined;
  /** Spread into `Worker.create({...})`: activity + workflow interceptors and the workflow span sink. */
  workerOptions: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** Flushes pending spans (call on shutdown). */
  shutdown(): Promise<void>;
}

const DISABLED: Tracing = {
  enabled: false,
  clientInterceptors: undefined,
  workerOptions: {},
  shutdown: async () => undefined,
};

let current: Tracing = DISABLED;

/** Reads the standard OpenTelemetry variables; a malformed URL stops the process with one line. */
export function tracingOptionsFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingOptions {
  const pick = (name: string): string | null => {
    const v = env[name]?.trim();
    if (!v) return null;
    if (!/^https?:\/\/[^\s/]+/.test(v)) throw new Error(`Invalid configuration: ${name}: must be an http(s) URL`);
    return v.replace(/\/+$/, '');
  };
  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
    endpoint: pick('OTEL_EXPORTER_OTLP_ENDPOINT'),
    tracesEndpoint: pick('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
  };
}

/** The tracing set up by `startTracing` (disabled until then). */
export function getTracing(): Tracing {
  return current;
}

/** Starts tracing once per process; later calls return the first result. */
export function startTracing(opts: TracingOptions): Tracing {
  if (current.enabled) return current;
  const url = opts.tracesEndpoint ?? (opts.endpoint ? `${opts.endpoint}/v1/traces` : null);
  if (!url) return DISABLED;

  // Lazy requires: none of this is loaded when tracing is off.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } = require('@opentelemetry/semantic-conventions') as typeof SemConv;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof HttpInstr;
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof ExpressInstr;
  const otel = require('@temporalio/interceptors-opentelemetry') as typeof TemporalOtel;
  /* eslint-enable @typescript-eslint/no-require-imports */

  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: opts.serviceName,
    [ATTR_SERVICE_VERSION]: process.env.npm_package_version ?? '0.1.0',
  });
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      new ExpressInstrumentation(),
    ],
  });

  current = {
    enabled: true,
    clientInterceptors: { workflow: [new otel.OpenTelemetryWorkflowClientInterceptor()] },
    workerOptions: {
      interceptors: {
        client: { workflow: [new otel.OpenTelemetryWorkflowClientInterceptor()] },
        workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
        activity: [
          (ctx) => ({
            inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      // The interceptors are typed against OpenTelemetry 1.x; the adapter bridges to 2.x at run time.
      sinks: { exporter: otel.makeWorkflowExporter(workflowSpanAdapter(processor) as never, resource as never) },
    },
    async shutdown() {
      unregister();
      await provider.shutdown().catch(() => undefined);
      current = DISABLED;
    },
  };
  return current;
}

type V2Processor = TraceBase.SpanProcessor;
type V2Span = TraceBase.ReadableSpan;

/**
 * Workflow spans are recorded in the sandbox by the interceptors' own OpenTelemetry 1.x
 * (`parentSpanId`, `instrumentationLibrary`); the 2.x exporter reads `parentSpanContext` and
 * `instrumentationScope`. This fills in the 2.x names so workflow spans export with their parent.
 */
function workflowSpanAdapter(processor: V2Processor): V2Processor {
  return {
    onStart: () => undefined,
    onEnd(span: V2Span) {
      const v1 = span as V2Span & { parentSpanId?: string; instrumentationLibrary?: V2Span['instrumentationScope'] };
      const ctx = span.spanContext();
      const adapted = Object.assign(Object.create(null) as object, span, {
        spanContext: () => ctx,
        instrumentationScope: span.instrumentationScope ?? v1.instrumentationLibrary ?? { name: '@temporalio/interceptor-workflow' },
        parentSpanContext:
          span.parentSpanContext ??
          (v1.parentSpanId ? { traceId: ctx.traceId, spanId: v1.parentSpanId, traceFlags: ctx.traceFlags, isRemote: false } : undefined),
      }) as V2Span;
      processor.onEnd(adapted);
    },
    forceFlush: () => processor.forceFlush(),
    shutdown: () => Promise.resolve(),
  };
}

/** For entrypoints (imported first, before Express): start tracing from the environment or exit 1 with one line. */
export function startTracingOrExit(serviceName: string): Tracing {
  try {
    return startTracing(tracingOptionsFromEnv(serviceName));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
