import { existsSync, readFileSync } from 'node:fs';

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
};
const parentOf = (pid: number) => {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s+\S+\s+/, '').split(' ')[0]);
  } catch {
    return 0;
  }
};

/**
 * `npm start` is npm → sh → tsx → this process. A SIGKILL of npm reaches none of them: they
 * would run on in the background, holding the ports and the dev server. So watch the npm
 * process above us (Linux: /proc) and call `onGone` when it disappears. Nothing to watch when
 * started without npm (node, tsx, a container): their own signals reach us.
 */
export function watchNpmLauncher(onGone: () => void, intervalMs = 500): void {
  if (!existsSync('/proc/self/stat')) return;
  let npm = 0;
  for (let pid = process.ppid, depth = 0; pid > 1 && depth < 6; pid = parentOf(pid), depth += 1) {
    const argv = cmdline(pid);
    if (argv.some((a) => /(^|\/)npm(-cli\.js)?(\s|$)/.test(a))) {
      npm = pid;
      break;
    }
  }
  if (!npm) return;
  const timer = setInterval(() => {
    if (cmdline(npm).length === 0) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
}
