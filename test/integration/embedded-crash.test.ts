import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ensureDevServer, isListening, pidFileOf, type DevServer } from '../../temporal/dev-server';
import { isAlive, serversOn, type DevServerPidFile } from '../../temporal/dev-server-lock';
import { resolveTemporalCli } from '../../temporal/cli-path';
import { freePort, waitFor } from '../helpers/ports';
import { baseEnv, startProc, type Proc } from '../helpers/processes';

const gone = (pid: number) => waitFor(() => !isAlive(pid), { timeoutMs: 5000, what: `pid ${pid} to exit` });

/**
 * Issue 19: `npm start` (workers/embedded.ts) killed hard must not leave its Temporal dev server
 * running, and a server left by an earlier crash is stopped by the next start: never two servers
 * on one DATA_DIR/temporal.db.
 */
describe('the embedded start killed and restarted on the same DATA_DIR', function () {
  this.timeout(240_000);
  let dataDir: string;
  let env: Record<string, string>;
  const procs: Proc[] = [];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'assistant-embedded-'));
    env = baseEnv({
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      FORCE_COLOR: '1', // the console gets colours; the log file must not
    });
  });
  after(async () => {
    for (const p of procs) await p.terminate(15_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const dbFile = () => join(dataDir, 'temporal.db');
  const pidFile = () => JSON.parse(readFileSync(pidFileOf(dbFile()), 'utf8')) as DevServerPidFile;

  async function start(via: 'node' | 'npm' = 'node'): Promise<Proc> {
    // node itself (not the npm or tsx wrappers), so the signal hits the process that owns the server.
    const proc = via === 'npm'
      ? startProc('npm start', 'npm', ['start'], env)
      : startProc('embedded', process.execPath, ['--import', 'tsx', 'workers/embedded.ts'], env);
    procs.push(proc);
    await waitFor(() => proc.output().includes('Assistant TDAH is up') || proc.child.exitCode !== null, { timeoutMs: 90_000, what: 'npm start to be up' });
    if (proc.child.exitCode !== null) throw new Error(`embedded exited early:\n${proc.output()}`);
    await waitFor(() => pidFile().serverPid, { what: 'the dev server pid in the pid file' });
    return proc;
  }

  async function kill(proc: Proc): Promise<void> {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  it('SIGKILL leaves no Temporal server behind, and the next start works on the same files', async () => {
    const first = await start();
    const { serverPid, guardPid } = pidFile();
    expect(isAlive(serverPid)).to.equal(true);
    await kill(first);
    await gone(serverPid!);
    await gone(guardPid!);
    expect(serversOn(dbFile())).to.deep.equal([]);

    const second = await start();
    expect(second.output()).to.include(`Log          ${join(dataDir, 'assistant.log')}`);
    expect(second.output()).to.include('removed a stale');
    expect(serversOn(dbFile())).to.deep.equal([pidFile().serverPid]);
    const { serverPid: secondServer } = pidFile();
    const stopped = await second.terminate(30_000);
    expect(stopped.code, second.output()).to.equal(0);
    await gone(secondServer!);
    expect(existsSync(pidFileOf(dbFile()))).to.equal(false);

    const log = readFileSync(join(dataDir, 'assistant.log'), 'utf8');
    expect(log).to.include('SIGTERM: stopping');
    expect(log).to.not.include('\u001b');
    expect(second.output()).to.include('\u001b['); // the console did get colours
  });

  it('SIGKILL of the npm process itself stops everything under it (npm → sh → tsx → node)', async () => {
    const npm = await start('npm');
    const { ownerPid, serverPid } = pidFile();
    await kill(npm);
    // Nothing reaches the processes below npm: the embedded process notices npm is gone and stops.
    await waitFor(() => !isAlive(ownerPid), { timeoutMs: 30_000, what: 'the embedded process to stop' });
    await gone(serverPid!);
    expect(existsSync(pidFileOf(dbFile()))).to.equal(false);
    expect(readFileSync(join(dataDir, 'assistant.log'), 'utf8')).to.include('npm gone (killed?): stopping');
  });

  it('a server left running by an earlier crash is stopped by the next start, with a line saying so', async () => {
    const first = await start();
    const { serverPid, guardPid } = pidFile();
    // What a crash of an older version (no guard) left: the owner gone, the server still running.
    process.kill(guardPid!, 'SIGKILL');
    await kill(first);
    await new Promise((r) => setTimeout(r, 1000));
    expect(isAlive(serverPid)).to.equal(true);

    const second = await start();
    expect(second.output()).to.include(`stopping the Temporal dev server left running by an earlier crash (pid ${serverPid}`);
    expect(isAlive(serverPid)).to.equal(false);
    expect(serversOn(dbFile())).to.deep.equal([pidFile().serverPid]);
    expect((await second.terminate(30_000)).code).to.equal(0);
    expect(serversOn(dbFile())).to.deep.equal([]);
  });
});

describe('one Temporal dev server per SQLite file', function () {
  this.timeout(120_000);
  let dir: string;
  let dev: DevServer | null = null;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'assistant-devlock-'));
  });
  after(async () => {
    await dev?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server on a file already served, and reuses the one on the same port', async () => {
    const dbFile = join(dir, 'temporal.db');
    const port = await freePort();
    dev = await ensureDevServer({ port, uiPort: await freePort(), dbFile, namespace: 'default' });
    expect(dev.started).to.equal(true);
    let refused: unknown;
    await ensureDevServer({ port: await freePort(), uiPort: await freePort(), dbFile, namespace: 'default' }).catch((err: unknown) => (refused = err));
    expect(String(refused)).to.match(/belongs to the Temporal dev server of a running process/);
    const again = await ensureDevServer({ port, uiPort: await freePort(), dbFile, namespace: 'default' });
    expect(again).to.include({ started: false, serverPid: dev.serverPid });
    expect(serversOn(dbFile)).to.deep.equal([dev.serverPid]);
  });

  it('refuses to start next to a server someone started by hand on the same file', async () => {
    const dbFile = join(dir, 'by-hand.db');
    const port = await freePort();
    const byHand = spawn(resolveTemporalCli(null), ['server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(await freePort()), '--log-level', 'error'], { stdio: 'ignore' });
    try {
      await waitFor(() => isListening(port), { what: 'the hand-started server' });
      let refused: unknown;
      await ensureDevServer({ port: await freePort(), uiPort: await freePort(), dbFile, namespace: 'default' }).catch((err: unknown) => (refused = err));
      expect(String(refused)).to.match(/is already open by a Temporal server \(pid \d+\) not listening on port/);
      const reused = await ensureDevServer({ port, uiPort: await freePort(), dbFile, namespace: 'default' });
      expect(reused).to.include({ started: false, serverPid: byHand.pid });
      expect(existsSync(pidFileOf(dbFile))).to.equal(false);
    } finally {
      byHand.kill('SIGKILL');
    }
  });
});
