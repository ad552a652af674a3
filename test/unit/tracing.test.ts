import { expect } from 'chai';
import { startTracing, tracingOptionsFromEnv } from '../../temporal/tracing';

describe('tracing configuration (OpenTelemetry)', () => {
  it('is off when no OTLP endpoint is set, and then adds nothing to the client or the worker', () => {
    const opts = tracingOptionsFromEnv('assistant-api', {});
    expect(opts).to.deep.equal({ serviceName: 'assistant-api', endpoint: null, tracesEndpoint: null });
    const tracing = startTracing(opts);
    expect(tracing.enabled).to.equal(false);
    expect(tracing.clientInterceptors).to.equal(undefined);
    expect(tracing.workerOptions).to.deep.equal({});
  });

  it('reads the standard OTEL_* variables, empty meaning unset', () => {
    expect(
      tracingOptionsFromEnv('assistant-worker', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ' ',
        OTEL_SERVICE_NAME: 'worker-eu',
      }),
    ).to.deep.equal({ serviceName: 'worker-eu', endpoint: 'http://jaeger:4318', tracesEndpoint: null });
    expect(
      tracingOptionsFromEnv('assistant-api', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example.org/v1/traces' }).tracesEndpoint,
    ).to.equal('https://otel.example.org/v1/traces');
  });

  it('rejects a malformed endpoint with a message naming the variable', () => {
    expect(() => tracingOptionsFromEnv('assistant-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).to.throw(
      'Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL',
    );
  });
});
