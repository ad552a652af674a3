import { expect } from 'chai';
import { reminderLateness } from '../../services/infra/metrics';
import { serveWorkerMetrics } from '../../workers/metrics-server';
import { freePort } from '../helpers/ports';

describe('the standalone worker\'s metrics endpoint (WORKER_METRICS_PORT)', () => {
  it('serves the shared registry on GET /metrics and nothing else', async () => {
    const port = await freePort();
    const server = await serveWorkerMetrics(port, '127.0.0.1');
    try {
      reminderLateness.observe(0.25);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await res.text();
      expect(text).to.match(/^assistant_reminder_lateness_seconds_bucket\{le="0.25"\} [1-9]/m);
      expect(text).to.include('# TYPE assistant_workflow_starts_total counter');
      expect(text).to.match(/^process_resident_memory_bytes /m);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).to.equal(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).to.equal(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
