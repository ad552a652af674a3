import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../../../../language/brain/responder';
import { interpretOffline } from '../../../../language/brain/offline';
import type { Lang } from '../../../../language/time';
import type { OpenReminder, ToolName, TurnPlan } from '../../../../workflows/lib/turn-plan';

/**
 * The offline brain against a corpus of real-looking messages (test/corpus/*.json): French,
 * Québec French and English, every tool, answers to a reminder, small talk and edge cases.
 * Each case is its own test; a summary with the pass rate and the counts per tool is printed
 * at the end.
 */
interface CorpusCase {
  message: string;
  /** The person's language setting. */
  language: Lang;
  /** ISO instant of the message. */
  now: string;
  timezone: string;
  command?: Command;
  openReminder?: OpenReminder;
  pendingReminderText?: string;
  expected: {
    kind: TurnPlan['kind'];
    tool?: ToolName;
    /** Subset of the tool call (kind 'tool') or of the plan (other kinds). */
    args?: Record<string, unknown>;
    /** The plan's language. */
    language?: Lang;
    /** A regular expression the reply text must match (kind 'reply'). */
    textMatches?: string;
  };
}

const CORPUS_DIR = path.resolve(__dirname, '../../../corpus');
const TARGET_PASS_RATE = 0.95;
const MIN_CASES = 150;

function loadCorpus(): Array<CorpusCase & { file: string }> {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((file) => (JSON.parse(readFileSync(path.join(CORPUS_DIR, file), 'utf8')) as CorpusCase[]).map((c) => ({ ...c, file })));
}

function run(c: CorpusCase): TurnPlan {
  return interpretOffline(
    {
      body: c.message,
      command: c.command ?? null,
      language: c.language,
      timezone: c.timezone,
      openReminder: c.openReminder ?? null,
      pendingReminderText: c.pendingReminderText ?? null,
    },
    new Date(c.now),
  );
}

/** What differs between the plan and the expectation; empty when the case passes. */
function mismatches(plan: TurnPlan, expected: CorpusCase['expected']): string[] {
  const problems: string[] = [];
  if (plan.kind !== expected.kind) return [`kind ${plan.kind}, expected ${expected.kind}`];
  if (expected.language && plan.language !== expected.language) problems.push(`language ${plan.language}, expected ${expected.language}`);
  const subject: Record<string, unknown> = plan.kind === 'tool' ? plan.call : plan;
  if (plan.kind === 'tool' && expected.tool && plan.call.tool !== expected.tool) problems.push(`tool ${plan.call.tool}, expected ${expected.tool}`);
  for (const [key, value] of Object.entries(expected.args ?? {})) {
    if (JSON.stringify(subject[key]) !== JSON.stringify(value)) problems.push(`${key} ${JSON.stringify(subject[key])}, expected ${JSON.stringify(value)}`);
  }
  if (expected.textMatches && !(plan.kind === 'reply' && new RegExp(expected.textMatches, 'u').test(plan.text))) {
    problems.push(`text ${JSON.stringify(plan.kind === 'reply' ? plan.text : null)} does not match /${expected.textMatches}/`);
  }
  return problems;
}

function label(c: CorpusCase): string {
  const message = c.message.length > 60 ? `${c.message.slice(0, 57)}... (${c.message.length} chars)` : c.message;
  const context = [c.openReminder ? 'reminder open' : '', c.pendingReminderText ? 'time asked' : '', c.command ? `command ${c.command}` : '']
    .filter(Boolean)
    .join(', ');
  return `${JSON.stringify(message)}${context ? ` [${context}]` : ''} → ${c.expected.tool ?? c.expected.kind}`;
}

const corpus = loadCorpus();
const results: Array<{ bucket: string; passed: boolean }> = [];

describe(`offline brain corpus (${corpus.length} messages in test/corpus)`, () => {
  after(() => {
    const passed = results.filter((r) => r.passed).length;
    const perBucket = new Map<string, { total: number; passed: number }>();
    for (const r of results) {
      const entry = perBucket.get(r.bucket) ?? { total: 0, passed: 0 };
      entry.total += 1;
      entry.passed += r.passed ? 1 : 0;
      perBucket.set(r.bucket, entry);
    }
    const rate = results.length ? (100 * passed) / results.length : 0;
    const buckets = [...perBucket.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, e]) => `${name} ${e.passed}/${e.total}`);
    console.log(`      corpus: ${passed}/${results.length} passing (${rate.toFixed(1)} %) | ${buckets.join(', ')}`);
  });

  for (const c of corpus) {
    it(`${c.file}: ${label(c)}`, () => {
      let problems: string[];
      try {
        problems = mismatches(run(c), c.expected);
      } catch (err) {
        problems = [`threw ${String(err)}`];
      }
      results.push({ bucket: c.expected.tool ?? c.expected.kind, passed: problems.length === 0 });
      expect(problems, problems.join('; ')).to.deep.equal([]);
    });
  }

  it(`has at least ${MIN_CASES} cases covering every tool and passes at least ${TARGET_PASS_RATE * 100} % of them`, () => {
    expect(corpus.length).to.be.at.least(MIN_CASES);
    const tools: ToolName[] = [
      'createReminder', 'listReminders', 'cancelReminderAt', 'moveReminderAt', 'remember', 'recall', 'forget',
      'addTask', 'listTasks', 'completeTask', 'breakdownTask', 'planDay',
    ];
    const covered = new Set(corpus.map((c) => c.expected.tool));
    expect(tools.filter((t) => !covered.has(t))).to.deep.equal([]);
    for (const kind of ['reply', 'reminder', 'clarify', 'silent'] as const) expect(corpus.some((c) => c.expected.kind === kind), kind).to.equal(true);
    const passed = corpus.filter((c) => mismatches(run(c), c.expected).length === 0).length;
    expect(passed / corpus.length).to.be.at.least(TARGET_PASS_RATE);
  });
});
