/**
 * The engines bench:understanding compares on the time corpus, each turned into the same
 * answer shape ({kind, dueAt, rrule}):
 * - ours: `npm run -s understand` itself (a child process fed JSON lines);
 * - chrono-node with `forwardDate`, the `fr` / `en` parser, the case's instant and offset;
 * - Microsoft Recognizers-Text (fr-fr / en-us), its resolution converted to an instant in the
 *   case's zone the way a developer using it for reminders would: the first entity wins, a
 *   separate date and time are put together, ambiguous values (3 AM / 3 PM) take the first
 *   one still ahead, a range its start, a duration is added to now, a "set" becomes an RRULE.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as chrono from 'chrono-node';
import { recognizeDateTime } from '@microsoft/recognizers-text-date-time';
import type { Answer, TimeCase } from '../../test/corpus/time/model';
import { nextOccurrence } from '../../language/recurrence';
import { localToUtc, timezoneOffsetMinutes, zonedParts } from '../../language/time';

const ROOT = path.resolve(__dirname, '../..');

export type EngineName = 'ours' | 'chrono' | 'recognizers';
export const ENGINES: readonly EngineName[] = ['ours', 'chrono', 'recognizers'];

export interface EngineRun {
  answers: Answer[];
  /** Wall time of the run, start-up excluded where it can be measured. */
  ms: number;
  startupMs: number;
}

/** Runs the real CLI once with all the cases on stdin; one answer per line, in order. */
export async function runOurs(cases: TimeCase[]): Promise<EngineRun> {
  const startup = await spawnUnderstand([]);
  const run = await spawnUnderstand(cases.map((c) => JSON.stringify({ text: c.text, now: c.now, timezone: c.timezone, language: c.language })));
  if (run.lines.length !== cases.length) throw new Error(`understand wrote ${run.lines.length} lines for ${cases.length} cases`);
  const answers = run.lines.map((line) => JSON.parse(line) as Answer);
  return { answers, ms: Math.max(1, run.ms - startup.ms), startupMs: startup.ms };
}

function spawnUnderstand(lines: string[]): Promise<{ lines: string[]; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'cli/understand.ts')], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const out: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => out.push(line));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`understand exited with ${code}`));
      else resolve({ lines: out, ms: performance.now() - started });
    });
    child.stdin.end(lines.length ? `${lines.join('\n')}\n` : '');
  });
}

function timed(cases: TimeCase[], answer: (c: TimeCase) => Answer): EngineRun {
  const started = performance.now();
  const answers = cases.map((c) => {
    try {
      return answer(c);
    } catch (error) {
      return { kind: 'error', dueAt: null, rrule: null, text: error instanceof Error ? error.message : String(error) };
    }
  });
  return { answers, ms: Math.max(1, performance.now() - started), startupMs: 0 };
}

const NONE: Answer = { kind: 'none', dueAt: null, rrule: null };
const DEFAULT_HOUR = 9;

// chrono-node ---------------------------------------------------------------------------------

export function runChrono(cases: TimeCase[]): EngineRun {
  return timed(cases, (c) => {
    const now = new Date(c.now);
    const engine = c.language === 'fr' ? chrono.fr : chrono.en;
    const [result] = engine.parse(c.text, { instant: now, timezone: timezoneOffsetMinutes(now, c.timezone) }, { forwardDate: true });
    if (!result) return NONE;
    const s = result.start;
    // A zone in the text ("3pm PST") makes chrono's instant exact; otherwise read its wall
    // clock in the person's zone, so DST between now and then is right.
    const dueAt = s.isCertain('timezoneOffset')
      ? s.date()
      : localToUtc(
          { year: s.get('year') ?? 0, month: s.get('month') ?? 1, day: s.get('day') ?? 1, hour: s.get('hour') ?? 12, minute: s.get('minute') ?? 0 },
          c.timezone,
        );
    return { kind: 'reminder', dueAt: dueAt.toISOString(), rrule: null };
  });
}

// Recognizers-Text ----------------------------------------------------------------------------

interface Resolved {
  timex?: string;
  type?: string;
  value?: string;
  start?: string;
  end?: string;
  Mod?: string;
}

interface Entity {
  typeName: string;
  resolution?: { values?: Resolved[] };
}

const PART_HOURS: Record<string, number> = { MO: 8, MI: 12, AF: 14, EV: 19, NI: 21, DT: 9 };
const RRULE_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** "2026-03-05 17:00:00" / "2026-03-05" / "17:00:00" read in the person's zone. */
function wallValue(value: string, c: TimeCase): Date[] {
  const now = new Date(c.now);
  const full = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?/.exec(value);
  if (full) {
    const [y, m, d, h, mi] = full.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
    return [localToUtc({ year: y!, month: m!, day: d!, hour: h ?? DEFAULT_HOUR, minute: mi ?? 0 }, c.timezone)];
  }
  const time = /^(\d{2}):(\d{2})/.exec(value);
  if (!time) return [];
  const today = zonedParts(now, c.timezone);
  const at = localToUtc({ ...today, hour: Number(time[1]), minute: Number(time[2]) }, c.timezone);
  return [at.getTime() > now.getTime() ? at : new Date(at.getTime() + 86_400_000)];
}

function firstAhead(instants: Date[], now: Date): Date | null {
  const sorted = [...instants].sort((a, b) => a.getTime() - b.getTime());
  return sorted.find((d) => d.getTime() > now.getTime()) ?? sorted[sorted.length - 1] ?? null;
}

function valueInstants(values: Resolved[], c: TimeCase): Date[] {
  const now = new Date(c.now);
  return values.flatMap((v) => {
    if (v.type === 'duration' && v.value) return [new Date(now.getTime() + Number(v.value) * 1000)];
    const text = v.value && v.value !== 'not resolved' ? v.value : (v.start ?? v.end);
    return text ? wallValue(text, c) : [];
  });
}

/** A "set" timex (P1D, XXXX-WXX-1T18, XXXX-XX-15, TEV…) as an RRULE and a time of day. */
function setToRule(timex: string): { rrule: string; hour: number | null; minute: number } | null {
  const time = /T(\d{2})(?::(\d{2}))?|T(MO|MI|AF|EV|NI|DT)/.exec(timex);
  const hour = time ? (time[1] ? Number(time[1]) : (PART_HOURS[time[3] ?? ''] ?? null)) : null;
  const minute = time?.[2] ? Number(time[2]) : 0;
  const period = /^P(\d+)([DWMY])$/.exec(timex);
  if (period) {
    const freq = { D: 'DAILY', W: 'WEEKLY', M: 'MONTHLY', Y: 'YEARLY' }[period[2] as 'D' | 'W' | 'M' | 'Y'];
    const interval = Number(period[1]);
    return { rrule: `FREQ=${freq}${interval > 1 ? `;INTERVAL=${interval}` : ''}`, hour, minute };
  }
  const weekly = /^XXXX-WXX-(\d|WE|WD)/.exec(timex);
  if (weekly) {
    const days = weekly[1] === 'WE' ? 'SA,SU' : weekly[1] === 'WD' ? 'MO,TU,WE,TH,FR' : RRULE_DAYS[Number(weekly[1]) % 7];
    return { rrule: `FREQ=WEEKLY;BYDAY=${days}`, hour, minute };
  }
  const monthly = /^XXXX-XX-(\d{2})/.exec(timex);
  if (monthly) return { rrule: `FREQ=MONTHLY;BYMONTHDAY=${Number(monthly[1])}`, hour, minute };
  const yearly = /^XXXX-(\d{2})-(\d{2})/.exec(timex);
  if (yearly) return { rrule: `FREQ=YEARLY;BYMONTH=${Number(yearly[1])};BYMONTHDAY=${Number(yearly[2])}`, hour, minute };
  if (/^T/.test(timex) && hour !== null) return { rrule: 'FREQ=DAILY', hour, minute };
  return null;
}

function timeOfEntity(entity: Entity | undefined): { hour: number; minute: number } | null {
  const value = entity?.resolution?.values?.find((v) => v.value && /^\d{2}:\d{2}/.test(v.value))?.value;
  return value ? { hour: Number(value.slice(0, 2)), minute: Number(value.slice(3, 5)) } : null;
}

function recognizersAnswer(c: TimeCase): Answer {
  const now = new Date(c.now);
  const wall = zonedParts(now, c.timezone);
  // The library reads the reference date's local fields; this process runs in UTC (see the bench).
  const reference = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const entities = recognizeDateTime(c.text, c.language === 'fr' ? 'fr-fr' : 'en-us', undefined, reference) as Entity[];
  if (entities.length === 0) return NONE;
  const set = entities.find((e) => e.typeName.endsWith('.set'));
  if (set) {
    const timex = set.resolution?.values?.[0]?.timex ?? '';
    const rule = setToRule(timex);
    if (!rule) return NONE;
    const separateTime = timeOfEntity(entities.find((e) => e !== set && e.typeName.endsWith('.time')));
    const time = rule.hour !== null ? { hour: rule.hour, minute: rule.minute } : (separateTime ?? { hour: DEFAULT_HOUR, minute: 0 });
    const firstSlot = rule.rrule.replace(/;INTERVAL=\d+/, '');
    const first = nextOccurrence(firstSlot, time, c.timezone, now);
    return { kind: 'reminder', dueAt: first ? first.toISOString() : null, rrule: rule.rrule };
  }
  const [first] = entities;
  const date = entities.find((e) => e.typeName.endsWith('.date'));
  const time = entities.find((e) => e.typeName.endsWith('.time'));
  if (date && time && date !== time && !first!.typeName.endsWith('.datetime')) {
    const day = firstAhead(valueInstants(date.resolution?.values ?? [], c), now);
    const clock = timeOfEntity(time);
    if (day && clock) {
      const local = zonedParts(day, c.timezone);
      return { kind: 'reminder', dueAt: localToUtc({ ...local, ...clock }, c.timezone).toISOString(), rrule: null };
    }
  }
  const due = firstAhead(valueInstants(first!.resolution?.values ?? [], c), now);
  return due ? { kind: 'reminder', dueAt: due.toISOString(), rrule: null } : NONE;
}

export function runRecognizers(cases: TimeCase[]): EngineRun {
  if (process.env.TZ !== 'UTC') throw new Error('run the Recognizers-Text engine with TZ=UTC (bench:understanding sets it)');
  // The first call loads the culture's models (about a second): count it as start-up.
  const started = performance.now();
  recognizeDateTime('demain', 'fr-fr');
  recognizeDateTime('tomorrow', 'en-us');
  const startupMs = performance.now() - started;
  return { ...timed(cases, recognizersAnswer), startupMs };
}
