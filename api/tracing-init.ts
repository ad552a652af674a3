// Imported first by api/server.ts: HTTP and Express instrumentation must patch them before they load.
import { startTracingOrExit } from '../temporal/tracing';

startTracingOrExit('assistant-api');
