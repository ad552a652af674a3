// Runs `temporal server start-dev` for temporal/dev-server.ts and dies with the process that
// started it. That process may be SIGKILLed (no exit handler runs); the server sits in its own
// process group (so a terminal Ctrl-C does not reach it first) and would otherwise live on,
// holding DATA_DIR/temporal.db. This guard is the server's parent and watches ours: the IPC
// channel closing (the parent died, whatever the signal) or being re-parented stops the server.
// Plain JavaScript: started with the same `node`, without tsx.
import { spawn } from 'node:child_process';

const [cli, ...args] = process.argv.slice(2);
const parent = process.ppid;
const server = spawn(cli, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  // The dev server stops in well under a second; never let it outlive us for long.
  setTimeout(() => server.kill('SIGKILL'), 5000).unref();
}

server.once('error', (err) => {
  process.stderr.write(`temporal dev server guard: ${err.message}\n`);
  process.exit(1);
});
server.once('spawn', () => process.send?.({ serverPid: server.pid }));
server.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Belt and braces: no IPC (or it stayed open somehow) and our parent is gone.
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 500).unref();
