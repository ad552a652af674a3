// Imported first by workers/worker.ts: outbound HTTP (Twilio, Gemini…) is instrumented as it loads.
import { startTracingOrExit } from '../temporal/tracing';

startTracingOrExit('assistant-worker');
