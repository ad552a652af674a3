import { expect } from 'chai';
import { systemInstruction } from '../../../activities/brain/prompt';
import { functionDeclarations, offeredTools, resolveDueAt, type ToolContext, TOOLS, validateToolCall } from '../../../activities/brain/tool-registry';
import type { ProviderId } from '../../../workflows/lib/integration-calls';
import { rememberTurn, RECENT_TURNS_KEPT, SUMMARY_MAX } from '../../../workflows/lib/conversation-memory';
import { countSegments } from '../../../language/sms/segments';
import { MAX_REPLY_CHARS, smsShape } from '../../../language/sms/shape';

// Tuesday 1 December 2026, 14:00 in Toronto (EST, UTC-5).
const ctx: ToolContext = { now: new Date('2026-12-01T19:00:00Z'), timezone: 'America/Toronto', language: 'fr', openReminder: null };

describe('the tool registry', () => {
  it('declares every tool of the brain, once, with a description in French and English', () => {
    const names = TOOLS.map((t) => t.name);
    expect(names).to.have.members([
      'create_reminder', 'list_reminders', 'cancel_reminder', 'snooze_reminder', 'reschedule_reminder',
      'remember', 'recall', 'forget', 'add_task', 'list_tasks', 'complete_task', 'breakdown_task', 'plan_day', 'current_time',
      'set_checkin', 'connect_account', 'agenda', 'create_event', 'note_to_notion', 'notion_targets', 'choose_notion_target', 'find_video', 'sync_tasks', 'set_event_reminders',
    ]);
    expect(new Set(names).size).to.equal(names.length);
    for (const t of TOOLS) expect(t.description.fr).to.not.equal(t.description.en);
  });

  it('turns each zod schema into the JSON schema of its function declaration, without a user id', () => {
    const decls = functionDeclarations('en');
    const create = decls.find((d) => d.name === 'create_reminder')!;
    const schema = create.parametersJsonSchema as { type: string; properties: Record<string, { type: string }>; required: string[] };
    expect(schema).to.not.have.property('$schema');
    expect(schema.type).to.equal('object');
    expect(schema.properties.text!.type).to.equal('string');
    expect(schema.required).to.have.members(['text', 'due_at']);
    expect(create.description).to.match(/^Create a reminder/);
    expect(functionDeclarations('fr').find((d) => d.name === 'create_reminder')!.description).to.match(/^Crée un rappel/);
    for (const d of decls) expect(JSON.stringify(d.parametersJsonSchema)).to.not.match(/user_?id/i);
    const breakdown = decls.find((d) => d.name === 'breakdown_task')!.parametersJsonSchema as { properties: { steps: { minItems: number; maxItems: number } } };
    expect(breakdown.properties.steps).to.include({ minItems: 3, maxItems: 7 });
  });

  it('turns the integration and check-in tools into their calls, with times read in the person\'s zone', () => {
    expect(validateToolCall('set_checkin', { slot: 'morning', time: '07:30', enabled: true }, ctx)).to.deep.equal({ tool: 'setCheckin', slot: 'morning', time: '07:30', enabled: true });
    expect(validateToolCall('set_checkin', { enabled: false }, ctx)).to.deep.equal({ tool: 'setCheckin', slot: null, time: null, enabled: false });
    expect(validateToolCall('set_checkin', { time: '25:00', enabled: true }, ctx)).to.have.property('error');
    expect(validateToolCall('agenda', { day: 'tomorrow' }, ctx)).to.deep.equal({ tool: 'agenda', day: 'tomorrow' });
    expect(validateToolCall('plan_day', {}, ctx)).to.deep.equal({ tool: 'planDay' });
    expect(validateToolCall('plan_day', { day: 'today' }, ctx)).to.deep.equal({ tool: 'planDay' });
    expect(validateToolCall('plan_day', { day: 'tomorrow' }, ctx)).to.deep.equal({ tool: 'planDay', day: 'tomorrow' });
    expect(validateToolCall('plan_day', { day: 'next week' }, ctx)).to.have.property('error');
    expect(validateToolCall('connect_account', { provider: 'google' }, ctx)).to.deep.equal({ tool: 'connectProvider', provider: 'google' });
    expect(validateToolCall('create_event', { title: 'impôts', start: '2026-12-03T14:00', end: '2026-12-03T15:00' }, ctx)).to.deep.equal({
      tool: 'createEvent', title: 'impôts', start: '2026-12-03T19:00:00.000Z', end: '2026-12-03T20:00:00.000Z',
    });
    expect(validateToolCall('create_event', { title: 'x', start: '2026-12-03T15:00', end: '2026-12-03T14:00' }, ctx)).to.deep.equal({ error: 'end must be after start' });
    expect(validateToolCall('find_video', { query: 'focus music' }, ctx)).to.deep.equal({ tool: 'findVideo', query: 'focus music', minutes: null });
    expect(validateToolCall('sync_tasks', {}, ctx)).to.deep.equal({ tool: 'syncTasks' });
  });

  it('lists and chooses Notion pages and databases through registry-only activities', () => {
    expect(validateToolCall('notion_targets', {}, ctx)).to.deep.equal({ tool: 'external', activity: 'listNotionTargets', input: { kind: null }, once: false });
    expect(validateToolCall('notion_targets', { kind: 'database' }, ctx)).to.deep.include({ input: { kind: 'database' } });
    expect(validateToolCall('choose_notion_target', { kind: 'database', name: 'Tâches' }, ctx)).to.deep.equal({
      tool: 'external', activity: 'chooseNotionTarget', input: { kind: 'database', name: 'Tâches', number: null }, once: true,
    });
    expect(validateToolCall('choose_notion_target', { kind: 'page', number: 2, name: 'x' }, ctx)).to.deep.include({ input: { kind: 'page', name: null, number: 2 } });
    expect(validateToolCall('choose_notion_target', { kind: 'page' }, ctx)).to.have.property('error');
    expect(validateToolCall('choose_notion_target', { kind: 'table', name: 'x' }, ctx)).to.have.property('error');
  });

  it("reads a reminder's local time in the person's zone, with a recurrence", () => {
    expect(validateToolCall('create_reminder', { text: 'prendre mes médicaments', due_at: '2026-12-01T20:00' }, ctx)).to.deep.equal({
      tool: 'createReminder', text: 'prendre mes médicaments', dueAt: '2026-12-02T01:00:00.000Z', rrule: null, explicitTime: true,
    });
    expect(validateToolCall('create_reminder', { text: 'sport', due_at: '2026-12-02T07:30', recurrence: 'weekdays' }, ctx)).to.include({
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', dueAt: '2026-12-02T12:30:00.000Z',
    });
    expect(validateToolCall('create_reminder', { text: 'x', due_at: '2026-12-02T07:30:00-05:00', recurrence: 'FREQ=WEEKLY;BYDAY=MO' }, ctx)).to.include({
      rrule: 'FREQ=WEEKLY;BYDAY=MO', dueAt: '2026-12-02T12:30:00.000Z',
    });
  });

  const invalid: [string, string, unknown, RegExp][] = [
    ['a time in words', 'create_reminder', { text: 'x', due_at: 'demain 20h' }, /due_at: must be a local date and time/],
    ['a time in the past', 'create_reminder', { text: 'x', due_at: '2026-12-01T08:00' }, /in the past; it is now 2026-12-01T14:00 in America\/Toronto/],
    ['an impossible date', 'create_reminder', { text: 'x', due_at: '2026-13-01T08:00' }, /not a real date/],
    ['a bad recurrence', 'create_reminder', { text: 'x', due_at: '2026-12-02T08:00', recurrence: 'every full moon' }, /recurrence every full moon is not a valid RRULE/],
    ['an empty text', 'create_reminder', { text: '  ', due_at: '2026-12-02T08:00' }, /text: Too small/i],
    ['a missing argument', 'add_task', {}, /title: Invalid input/i],
    ['a string for a number', 'complete_task', { number: 'two' }, /number: Invalid input: expected number/],
    ['a list number 0', 'cancel_reminder', { number: 0 }, /number: Too small/],
    ['two steps', 'breakdown_task', { task: 'impôts', steps: [{ action: 'a', minutes: 5 }, { action: 'b', minutes: 5 }] }, /steps: Too small/],
    ['a 30-minute step', 'breakdown_task', { task: 'impôts', steps: [1, 2, 3].map((i) => ({ action: `étape ${i}`, minutes: i === 2 ? 30 : 10 })) }, /steps\.1\.minutes: Too big/],
    ['a snooze with nothing open', 'snooze_reminder', { minutes: 10 }, /no reminder has just fired/],
    ['an unknown tool', 'delete_user', {}, /unknown tool delete_user/],
    ['arguments that are not an object', 'add_task', 'lait', /invalid arguments for add_task/],
  ];
  for (const [what, name, args, error] of invalid) {
    it(`refuses ${what} with an error for the model, without throwing`, () => {
      const result = validateToolCall(name, args, ctx);
      expect(result).to.have.property('error').that.matches(error);
    });
  }

  it('drops arguments the model invents, such as a user id', () => {
    expect(validateToolCall('remember', { fact: 'le code est 4821', userId: 'someone-else', user_id: 'x' }, ctx)).to.deep.equal({
      tool: 'remember', fact: 'le code est 4821',
    });
  });

  it('snoozes the reminder that just fired by the id the workflow gave, or a listed one by number', () => {
    const open = { ...ctx, openReminder: { reminderId: 'r-1', text: 'pilules', dueAt: '2026-12-01T18:55:00Z' } };
    expect(validateToolCall('snooze_reminder', { minutes: 15 }, open)).to.deep.equal({ tool: 'snoozeReminder', index: null, reminderId: 'r-1', minutes: 15 });
    expect(validateToolCall('snooze_reminder', { minutes: 15, number: 2 }, open)).to.deep.equal({ tool: 'snoozeReminder', index: 2, reminderId: null, minutes: 15 });
  });

  it('keeps 3 to 7 breakdown steps of 15 minutes at most', () => {
    const steps = [5, 10, 15].map((m, i) => ({ action: `étape ${i + 1}`, minutes: m }));
    expect(validateToolCall('breakdown_task', { task: 'faire mes impôts', steps }, ctx)).to.deep.equal({ tool: 'breakdownTask', task: 'faire mes impôts', steps });
  });

  it('resolves a wall time that DST skips to the first valid instant', () => {
    const spring = { ...ctx, now: new Date('2027-03-13T12:00:00Z') };
    expect((resolveDueAt('2027-03-14T02:30', spring) as Date).toISOString()).to.equal('2027-03-14T07:00:00.000Z');
  });
});

describe('the tools offered to the model, by configured and connected accounts', () => {
  const BASE = [
    'create_reminder', 'list_reminders', 'cancel_reminder', 'snooze_reminder', 'reschedule_reminder',
    'remember', 'recall', 'forget', 'add_task', 'list_tasks', 'complete_task', 'breakdown_task', 'plan_day', 'current_time', 'set_checkin',
  ];
  const ALL: ProviderId[] = ['google', 'microsoft', 'notion'];
  // [configured, connected, the integration tools offered besides the base ones]; reminders before
  // events are always offered (without a calendar the tool keeps the setting and says to connect one).
  const table: [ProviderId[], ProviderId[], string[]][] = [
    [[], [], []],
    [[], ['google'], []], // connected once, client id since removed: not offered
    [ALL, [], ['connect_account']],
    [ALL, ['google'], ['connect_account', 'agenda', 'create_event', 'find_video', 'sync_tasks']],
    [ALL, ['microsoft'], ['connect_account', 'agenda', 'create_event', 'sync_tasks']],
    [ALL, ['notion'], ['connect_account', 'note_to_notion', 'notion_targets', 'choose_notion_target', 'sync_tasks']],
    [ALL, ['google', 'notion'], ['connect_account', 'agenda', 'create_event', 'note_to_notion', 'notion_targets', 'choose_notion_target', 'find_video', 'sync_tasks']],
    [ALL, ALL, ['connect_account', 'agenda', 'create_event', 'note_to_notion', 'notion_targets', 'choose_notion_target', 'find_video', 'sync_tasks']],
    [['notion'], ['google', 'notion'], ['connect_account', 'note_to_notion', 'notion_targets', 'choose_notion_target', 'sync_tasks']],
    [['google', 'microsoft'], ['microsoft'], ['connect_account', 'agenda', 'create_event', 'sync_tasks']],
  ];
  for (const [configured, connected, integration] of table) {
    it(`configured [${configured.join(', ')}], connected [${connected.join(', ')}] → ${integration.join(', ') || 'no integration tool'}`, () => {
      const { tools } = offeredTools({ configured, connected });
      expect(tools.map((t) => t.name)).to.have.members([...BASE, ...integration, 'set_event_reminders']);
    });
  }

  it('keeps the order of the registry and builds each set once', () => {
    const a = offeredTools({ configured: ['notion', 'google'], connected: ['google'] });
    expect(offeredTools({ configured: ['google', 'notion'], connected: ['google', 'microsoft'] })).to.equal(a);
    expect(a.declarations('fr')).to.equal(a.declarations('fr'));
    expect(a.declarations('fr').map((d) => d.name)).to.deep.equal(a.tools.map((t) => t.name));
  });

  it('lists only the configured providers in connect_account, and refuses the others', () => {
    const offered = offeredTools({ configured: ['google', 'notion'], connected: [] });
    const decl = offered.declarations('en').find((d) => d.name === 'connect_account')!;
    expect(decl.parametersJsonSchema).to.deep.include({ properties: { provider: { type: 'string', enum: ['google', 'notion'] } } });
    expect(decl.description).to.equal('Text the person a short-lived link to connect (or reconnect) their Google or Notion account.');
    expect(offered.declarations('fr').find((d) => d.name === 'connect_account')!.description).to.match(/son compte Google ou Notion\.$/);
    expect(validateToolCall('connect_account', { provider: 'notion' }, ctx, offered)).to.deep.equal({ tool: 'connectProvider', provider: 'notion' });
    expect(validateToolCall('connect_account', { provider: 'microsoft' }, ctx, offered)).to.have.property('error').that.matches(/^invalid arguments for connect_account: provider/);
    const one = offeredTools({ configured: ['microsoft'], connected: [] }).declarations('en').find((d) => d.name === 'connect_account')!;
    expect(one.description).to.equal('Text the person a short-lived link to connect (or reconnect) their Microsoft (Outlook) account.');
  });

  it('refuses a call to a tool that was not offered, with an error for the model', () => {
    const offered = offeredTools({ configured: ['google', 'microsoft'], connected: ['microsoft'] });
    expect(validateToolCall('agenda', { day: 'today' }, ctx, offered)).to.deep.equal({ tool: 'agenda', day: 'today' });
    expect(validateToolCall('find_video', { query: 'focus' }, ctx, offered)).to.deep.equal({
      error: 'tool find_video is not available: the person has not connected Google; suggest connecting it with connect_account',
    });
    expect(validateToolCall('note_to_notion', { text: 'x' }, ctx, offered)).to.deep.equal({
      error: 'tool note_to_notion is not available in this assistant (no Notion integration); tell the person simply',
    });
    const none = offeredTools({ configured: [], connected: [] });
    expect(validateToolCall('connect_account', { provider: 'google' }, ctx, none)).to.have.property('error').that.matches(/^tool connect_account is not available in this assistant/);
    expect(validateToolCall('delete_user', {}, ctx, none)).to.deep.equal({ error: 'unknown tool delete_user' });
    expect(validateToolCall('add_task', { title: 'lait' }, ctx, none)).to.deep.equal({ tool: 'addTask', title: 'lait' });
  });

  it('tells the model which accounts are connected, which can be, and which are not available', () => {
    const base = { language: 'fr' as const, timezone: 'America/Toronto', now: ctx.now, memories: [], summary: null, openReminder: null };
    const some = systemInstruction({ ...base, accounts: { configured: ['google', 'notion'], connected: ['notion'], needsReconnect: ['google'] } });
    expect(some).to.include('Connected accounts: Notion (notes).');
    expect(some).to.include('Not connected (can be): Google (Calendar, Tasks, YouTube). Lost access, must reconnect: Google.');
    expect(some).to.include('they can text "connecte Google"');
    expect(some).to.include('Not available in this assistant: Microsoft (Outlook calendar, To Do); never offer to connect them.');
    const none = systemInstruction({ ...base, accounts: { configured: [], connected: [], needsReconnect: [] } });
    expect(none).to.include('No calendar, to-do app, Notion or YouTube can be connected in this assistant');
    expect(none).to.not.include('Connected accounts');
    const all = systemInstruction({ ...base, accounts: { configured: ALL, connected: ALL, needsReconnect: [] } });
    expect(all).to.include('Connected accounts: Google (Calendar, Tasks, YouTube), Microsoft (Outlook calendar, To Do), Notion (notes).');
    expect(all).to.not.match(/Not connected|Not available/);
  });
});

describe('SMS-shaped model answers', () => {
  it('drops markdown and emojis and keeps the words', () => {
    expect(smsShape('**Super!** 🎉 Voici ton plan:\n* 9h - *médicaments*\n* 10h - `courriels`')).to.equal('Super! Voici ton plan:\n- 9h - médicaments\n- 10h - courriels');
    expect(smsShape('👍🏽')).to.equal('');
  });

  it('caps a long answer at three segments, cut at a sentence', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Phrase numéro ${i}.`).join(' ');
    const out = smsShape(long);
    expect(out.length).to.be.at.most(MAX_REPLY_CHARS);
    expect(out).to.match(/\.$/);
    expect(countSegments(out).segments).to.be.at.most(3);
  });
});

describe("the conversation's memory of itself", () => {
  it('keeps the last turns word for word and a bounded digest of older ones', () => {
    let memory = { turns: [] as { user: string; assistant: string }[], summary: null as string | null };
    for (let i = 1; i <= 40; i += 1) memory = rememberTurn(memory, { user: `message ${i} ${'x'.repeat(400)}`, assistant: `réponse ${i}` });
    expect(memory.turns).to.have.length(RECENT_TURNS_KEPT);
    expect(memory.turns.at(-1)!.user).to.match(/^message 40 x+\.\.\.$/).and.have.length(300);
    expect(memory.summary!.length).to.be.at.most(SUMMARY_MAX);
    expect(memory.summary).to.match(/- person: message 34 x+\.\.\. \/ assistant: réponse 34$/);
    expect(memory.summary).to.not.include('message 1 ');
  });
});
