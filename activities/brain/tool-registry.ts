/**
 * The one registry of the tools the AI model may call. Each entry gives the name the model sees,
 * a description in French and English, a zod schema of its arguments (turned into the JSON
 * schema of the function declaration), and how validated arguments become the ToolCall the
 * conversation workflow runs as an activity.
 *
 * Scoping by construction: no schema has a user id, and a ToolCall never carries one; the
 * workflow adds the userId it owns when it runs the activity. Extra arguments a model invents
 * (a "userId", say) are dropped by the schemas.
 *
 * Adding a tool touches four places, each a table: its activity (activities/, registered in
 * activities/index.ts), its ToolCall shape (workflows/lib/turn-plan.ts), its route in the
 * workflows' tool table (workflows/tools.ts: activity, retry class, input), and its entry here;
 * plus, if it works offline, a phrase table in language/brain/. A tool that only the model calls
 * can skip the ToolCall shape: `toCall` returns `{ tool: 'external', activity, input, once }`
 * and the table runs it by activity name.
 */
import { z } from 'zod';
import type { Lang } from '../../language/time';
import { type ToolContext, dueAt, listNumber, recurrenceRule, resolveDueAt, text } from './tool-args';
import type { ProviderId } from '../../workflows/lib/integration-calls';
import type { ToolCall } from '../../workflows/lib/turn-plan';

export { resolveDueAt, type ToolContext };

export type ToCallResult = ToolCall | { error: string };

export interface ToolEntry {
  name: string;
  description: Record<Lang, string>;
  args: z.ZodObject;
  /**
   * The accounts the tool works with: offered only when at least one of them is connected (and
   * configured). Absent: always offered. `connect_account` is the exception (see offeredTools).
   */
  needs?: readonly ProviderId[];
  toCall(args: Record<string, unknown>, ctx: ToolContext): ToCallResult;
}

/** Type-checks an entry against its own schema, then erases the schema type for the list. */
function tool<S extends z.ZodObject>(entry: {
  name: string;
  description: Record<Lang, string>;
  args: S;
  needs?: readonly ProviderId[];
  toCall(args: z.output<S>, ctx: ToolContext): ToCallResult;
}): ToolEntry {
  return entry as unknown as ToolEntry;
}

/**
 * `connect_account` for the providers this deployment has client ids for: the enum (so also the
 * validation) and the description name only those, so the model never offers a link that would
 * answer "not available".
 */
function connectAccount(providers: readonly ProviderId[]): ToolEntry {
  const names = providers.map((p) => PROVIDER_NAMES[p]);
  const list = (or: string) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${or} ${names.at(-1)}`);
  return tool({
    name: 'connect_account',
    description: {
      en: `Text the person a short-lived link to connect (or reconnect) their ${list('or')} account.`,
      fr: `Texte à la personne un lien temporaire pour connecter (ou reconnecter) son compte ${list('ou')}.`,
    },
    args: z.object({ provider: z.enum(providers as [ProviderId, ...ProviderId[]]) }),
    toCall: (a) => ({ tool: 'connectProvider', provider: a.provider }),
  });
}

/** Google Calendar and Outlook. */
const CALENDARS: readonly ProviderId[] = ['google', 'microsoft'];
/** Google Tasks, Microsoft To Do, a Notion database. */
const TASK_LISTS: readonly ProviderId[] = ['google', 'microsoft', 'notion'];
export const PROVIDERS: readonly ProviderId[] = ['google', 'microsoft', 'notion'];
export const PROVIDER_NAMES: Record<ProviderId, string> = { google: 'Google', microsoft: 'Microsoft (Outlook)', notion: 'Notion' };

/** Every tool, in the order the model sees them. */
export const TOOLS: ToolEntry[] = [
  tool({
    name: 'create_reminder',
    description: {
      en: 'Create a reminder that texts the person at a time and keeps nagging until they answer.',
      fr: "Crée un rappel envoyé par SMS à l'heure dite, qui relance jusqu'à ce que la personne réponde.",
    },
    args: z.object({
      text: text(200).describe('What to remind, short, in the words of the person (e.g. "prendre mes médicaments").'),
      due_at: dueAt,
      recurrence: z
        .string()
        .max(200)
        .optional()
        .describe('Optional: daily, weekdays, weekly, monthly, or an RFC 5545 RRULE like FREQ=WEEKLY;BYDAY=MO. Omit for once.'),
    }),
    toCall(a, ctx) {
      const at = resolveDueAt(a.due_at, ctx);
      if ('error' in at) return at;
      const rrule = recurrenceRule(a.recurrence);
      if (rrule !== null && typeof rrule === 'object') return rrule;
      return { tool: 'createReminder', text: a.text, dueAt: at.toISOString(), rrule, explicitTime: true };
    },
  }),
  tool({
    name: 'list_reminders',
    description: { en: "List the person's upcoming reminders, numbered.", fr: 'Liste les prochains rappels de la personne, numérotés.' },
    args: z.object({}),
    toCall: () => ({ tool: 'listReminders' }),
  }),
  tool({
    name: 'cancel_reminder',
    description: { en: 'Cancel an upcoming reminder by its number in list_reminders.', fr: 'Annule un rappel par son numéro dans list_reminders.' },
    args: z.object({ number: listNumber }),
    toCall: (a) => ({ tool: 'cancelReminderAt', index: a.number }),
  }),
  tool({
    name: 'snooze_reminder',
    description: {
      en: 'Push a reminder back by some minutes: the one that just fired (no number) or the Nth of list_reminders.',
      fr: 'Repousse un rappel de quelques minutes: celui qui vient de sonner (sans numéro) ou le Nième de list_reminders.',
    },
    args: z.object({
      minutes: z.number().int().min(1).max(24 * 60).describe('How many minutes later.'),
      number: listNumber.optional(),
    }),
    toCall(a, ctx) {
      if (a.number !== undefined) return { tool: 'snoozeReminder', index: a.number, reminderId: null, minutes: a.minutes };
      if (!ctx.openReminder) return { error: 'no reminder has just fired; give its number from list_reminders' };
      return { tool: 'snoozeReminder', index: null, reminderId: ctx.openReminder.reminderId, minutes: a.minutes };
    },
  }),
  tool({
    name: 'reschedule_reminder',
    description: { en: 'Move an upcoming reminder (by its number) to a new time.', fr: 'Déplace un rappel (par son numéro) à une autre heure.' },
    args: z.object({ number: listNumber, due_at: dueAt }),
    toCall(a, ctx) {
      const at = resolveDueAt(a.due_at, ctx);
      return 'error' in at ? at : { tool: 'moveReminderAt', index: a.number, dueAt: at.toISOString() };
    },
  }),
  tool({
    name: 'remember',
    description: {
      en: 'Store a fact the person wants kept for later (a code, a name, where something is).',
      fr: 'Garde un fait que la personne veut retrouver plus tard (un code, un nom, où est une chose).',
    },
    args: z.object({ fact: text(500).describe('The fact, in the words of the person.') }),
    toCall: (a) => ({ tool: 'remember', fact: a.fact }),
  }),
  tool({
    name: 'recall',
    description: { en: 'Search the facts the person asked to remember.', fr: 'Cherche dans les faits que la personne a demandé de retenir.' },
    args: z.object({ query: text(200).describe('Key words of what to find.') }),
    toCall: (a) => ({ tool: 'recall', query: a.query }),
  }),
  tool({
    name: 'forget',
    description: { en: 'Delete the remembered facts that match.', fr: 'Supprime les faits retenus qui correspondent.' },
    args: z.object({ query: text(200).describe('Key words of the fact to forget.') }),
    toCall: (a) => ({ tool: 'forget', query: a.query }),
  }),
  tool({
    name: 'add_task',
    description: { en: "Add one thing to the person's to-do list.", fr: 'Ajoute une chose à la liste de tâches de la personne.' },
    args: z.object({ title: text(200).describe('The task, short (e.g. "acheter du lait").') }),
    toCall: (a) => ({ tool: 'addTask', title: a.title }),
  }),
  tool({
    name: 'list_tasks',
    description: { en: 'Show the open tasks of the to-do list, numbered.', fr: 'Montre les tâches ouvertes de la liste, numérotées.' },
    args: z.object({}),
    toCall: () => ({ tool: 'listTasks' }),
  }),
  tool({
    name: 'complete_task',
    description: { en: 'Mark a task done by its number in list_tasks.', fr: 'Coche une tâche faite par son numéro dans list_tasks.' },
    args: z.object({ number: listNumber }),
    toCall: (a) => ({ tool: 'completeTask', index: a.number }),
  }),
  tool({
    name: 'breakdown_task',
    description: {
      en: 'Break a daunting task into 3 to 7 small, concrete first steps, each doable in 15 minutes or less. You write the steps.',
      fr: "Découpe une tâche intimidante en 3 à 7 petites étapes concrètes, chacune faisable en 15 minutes ou moins. C'est toi qui écris les étapes.",
    },
    args: z.object({
      task: text(200).describe('The task to break down.'),
      steps: z
        .array(
          z.object({
            action: text(100).describe('A concrete physical action starting with a verb ("sortir les papiers de 2025").'),
            minutes: z.number().int().min(1).max(15).describe('Minutes it takes, 15 at most.'),
          }),
        )
        .min(3)
        .max(7)
        .describe('3 to 7 steps in order.'),
    }),
    toCall: (a) => ({ tool: 'breakdownTask', task: a.task, steps: a.steps }),
  }),
  tool({
    name: 'plan_day',
    description: {
      en: "Build the short plan of today (or tomorrow) from the person's reminders, open tasks and connected calendars. Use it for 'what do I have tomorrow?'.",
      fr: "Fait le plan de la journée (aujourd'hui ou demain) à partir des rappels, des tâches ouvertes et des agendas connectés de la personne. Pour « qu'est-ce que j'ai demain? ».",
    },
    args: z.object({ day: z.enum(['today', 'tomorrow']).optional().describe('today (default) or tomorrow') }),
    toCall: (a) => (a.day === 'tomorrow' ? { tool: 'planDay', day: 'tomorrow' } : { tool: 'planDay' }),
  }),
  tool({
    name: 'current_time',
    description: {
      en: "Tell the person the current time and date where they live (their time zone setting). Use it for 'what time is it?', 'what day is it?'.",
      fr: "Donne l'heure et la date actuelles là où vit la personne (son fuseau). Pour « quelle heure est-il? », « on est quel jour? ».",
    },
    args: z.object({}),
    toCall: () => ({ tool: 'external', activity: 'currentTime', input: {}, once: false }),
  }),
  // Integrations and the daily check-in (workflows/lib/integration-calls.ts). The model is only
  // offered the tools of connected accounts (offeredTools); the activities still answer politely
  // ("connect it first") when reached otherwise (offline brain, an account lost since).
  tool({
    name: 'set_checkin',
    description: {
      en: 'Change the daily check-in SMS: the morning one (plan of the day) or the evening one (wrap-up): its time, or turn it off or on.',
      fr: 'Change le bilan quotidien par SMS: celui du matin (plan de la journée) ou du soir (bilan): son heure, ou l\'arrêter ou le reprendre.',
    },
    args: z.object({
      slot: z.enum(['morning', 'evening']).optional().describe('Which check-in; omit for both (or to infer it from the time).'),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional().describe('Local time HH:mm, e.g. 07:30.'),
      enabled: z.boolean().describe('false to stop it, true to have it (again).'),
    }),
    toCall: (a) => ({ tool: 'setCheckin', slot: a.slot ?? null, time: a.time ?? null, enabled: a.enabled }),
  }),
  connectAccount(PROVIDERS),
  tool({
    name: 'agenda',
    description: { en: "The events of the person's connected calendars, today or tomorrow.", fr: 'Les événements des calendriers connectés, aujourd\'hui ou demain.' },
    args: z.object({ day: z.enum(['today', 'tomorrow']) }),
    needs: CALENDARS,
    toCall: (a) => ({ tool: 'agenda', day: a.day }),
  }),
  tool({
    name: 'create_event',
    description: { en: "Block time in the person's connected calendar.", fr: 'Bloque du temps dans le calendrier connecté de la personne.' },
    args: z.object({ title: text(200), start: dueAt, end: dueAt }),
    needs: CALENDARS,
    toCall(a, ctx) {
      const start = resolveDueAt(a.start, ctx);
      if ('error' in start) return start;
      const end = resolveDueAt(a.end, ctx);
      if ('error' in end) return end;
      if (end.getTime() <= start.getTime()) return { error: 'end must be after start' };
      return { tool: 'createEvent', title: a.title, start: start.toISOString(), end: end.toISOString() };
    },
  }),
  tool({
    name: 'note_to_notion',
    description: { en: "Append a note to the person's Notion page.", fr: 'Ajoute une note à la page Notion de la personne.' },
    args: z.object({ text: text(1000) }),
    needs: ['notion'],
    toCall: (a) => ({ tool: 'noteToNotion', text: a.text }),
  }),
  tool({
    name: 'notion_targets',
    description: {
      en: 'List, numbered, the Notion pages (where notes go) and databases (the task list can sync with one) shared with the assistant.',
      fr: "Liste, numérotées, les pages Notion (pour les notes) et les bases Notion (la liste de tâches peut se synchroniser avec une) partagées avec l'assistant.",
    },
    needs: ['notion'],
    args: z.object({ kind: z.enum(['page', 'database']).optional().describe('Only pages or only databases; omit for both.') }),
    toCall: (a) => ({ tool: 'external', activity: 'listNotionTargets', input: { kind: a.kind ?? null }, once: false }),
  }),
  tool({
    name: 'choose_notion_target',
    description: {
      en: 'Choose the Notion page notes go to, or the Notion database the task list syncs with, by its name or its number in notion_targets.',
      fr: 'Choisit la page Notion où vont les notes, ou la base Notion avec laquelle la liste de tâches se synchronise, par son nom ou son numéro dans notion_targets.',
    },
    needs: ['notion'],
    args: z.object({
      kind: z.enum(['page', 'database']).describe('page: for notes; database: for the task list.'),
      name: text(100).optional().describe('The name as the person said it (accents and case do not matter).'),
      number: listNumber.optional(),
    }),
    toCall(a) {
      if (a.number === undefined && a.name === undefined) return { error: 'give the name or the number of the page or database' };
      // Choosing a database starts a sync: once, the person can ask again.
      return { tool: 'external', activity: 'chooseNotionTarget', input: { kind: a.kind, name: a.number !== undefined ? null : a.name!, number: a.number ?? null }, once: true };
    },
  }),
  tool({
    name: 'find_video',
    description: { en: 'Find one or two YouTube videos (links with durations).', fr: 'Trouve une ou deux vidéos YouTube (liens et durées).' },
    args: z.object({ query: text(200), minutes: z.number().int().min(1).max(180).optional().describe('Wanted length in minutes, if said.') }),
    needs: ['google'],
    toCall: (a) => ({ tool: 'findVideo', query: a.query, minutes: a.minutes ?? null }),
  }),
  tool({
    name: 'set_event_reminders',
    description: {
      en: 'Turn on (or off) a reminder SMS some minutes before each event of the connected calendars (Google, Outlook); it nags until answered like any reminder.',
      fr: "Active (ou arrête) un rappel par SMS quelques minutes avant chaque événement des calendriers connectés (Google, Outlook); il relance jusqu'à une réponse comme tout rappel.",
    },
    args: z.object({
      enabled: z.boolean().describe('true to turn them on (or change the lead), false to stop them.'),
      minutes: z.number().int().min(1).max(240).optional().describe('How many minutes before each event; omit for the default (15).'),
    }),
    toCall: (a) => ({ tool: 'setEventReminders', enabled: a.enabled, minutes: a.enabled ? (a.minutes ?? null) : null }),
  }),
  tool({
    name: 'sync_tasks',
    description: { en: "Sync the to-do list with the person's connected task lists now.", fr: 'Synchronise la liste de tâches avec les listes connectées, maintenant.' },
    args: z.object({}),
    needs: TASK_LISTS,
    toCall: () => ({ tool: 'syncTasks' }),
  }),
];

const BY_NAME = new Map(TOOLS.map((t) => [t.name, t]));

/** Which accounts the deployment offers (client id and secret set) and which this person has connected. */
export interface ProviderAvailability {
  configured: readonly ProviderId[];
  /** Accounts with status `connected` (an account that needs reconnecting is not). */
  connected: readonly ProviderId[];
}

/** The offered set per availability (at most 64 of them), so declarations are built once. */
const offeredCache = new Map<string, OfferedTools>();

export interface OfferedTools {
  tools: ToolEntry[];
  byName: Map<string, ToolEntry>;
  /** Configured providers, and those of them the person has connected. */
  configured: readonly ProviderId[];
  usable: readonly ProviderId[];
  /** The function declarations per language, built on first use. */
  declarations(lang: Lang): FunctionDeclaration[];
}

export type FunctionDeclaration = { name: string; description: string; parametersJsonSchema: unknown };

/**
 * The tools the model is offered for this person: the ones without an account always; a
 * provider's tools when one of the accounts they need is connected and still configured;
 * `connect_account` when at least one provider is configured, for those providers only.
 */
export function offeredTools(avail: ProviderAvailability): OfferedTools {
  const configured = PROVIDERS.filter((p) => avail.configured.includes(p));
  const usable = configured.filter((p) => avail.connected.includes(p));
  const key = `${configured.join(',')}|${usable.join(',')}`;
  const cached = offeredCache.get(key);
  if (cached) return cached;
  const tools = TOOLS.flatMap((t) => {
    if (t.name === 'connect_account') return configured.length > 0 ? [connectAccount(configured)] : [];
    return !t.needs || t.needs.some((p) => usable.includes(p)) ? [t] : [];
  });
  const decls: Partial<Record<Lang, FunctionDeclaration[]>> = {};
  const offered: OfferedTools = {
    tools,
    byName: new Map(tools.map((t) => [t.name, t])),
    configured,
    usable,
    declarations: (lang) => (decls[lang] ??= functionDeclarations(lang, tools)),
  };
  offeredCache.set(key, offered);
  return offered;
}

/** The function declarations given to the model (JSON schema from the zod schemas). */
export function functionDeclarations(lang: Lang, tools: ToolEntry[] = TOOLS): FunctionDeclaration[] {
  return tools.map((t) => {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(t.args, { io: 'input' }) as Record<string, unknown>;
    return { name: t.name, description: t.description[lang], parametersJsonSchema: schema };
  });
}

/**
 * A call of the model, validated before anything runs: an unknown tool, a tool that was not
 * offered (its account is not connected), malformed or impossible arguments give `{ error }`,
 * which goes back to the model as the function's response. `offered`: the tools of this turn
 * (offeredTools); absent, every tool.
 */
export function validateToolCall(name: string, rawArgs: unknown, ctx: ToolContext, offered?: OfferedTools): ToCallResult {
  const entry = (offered?.byName ?? BY_NAME).get(name);
  if (!entry) {
    const known = BY_NAME.get(name);
    if (!known) return { error: `unknown tool ${name}` };
    const needs = known.needs ?? PROVIDERS;
    const names = needs.map((p) => PROVIDER_NAMES[p]).join(' or ');
    if (!offered || !needs.some((p) => offered.configured.includes(p))) return { error: `tool ${name} is not available in this assistant (no ${names} integration); tell the person simply` };
    return { error: `tool ${name} is not available: the person has not connected ${names}; suggest connecting it with connect_account` };
  }
  const parsed = entry.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
    return { error: `invalid arguments for ${name}: ${issues.join('; ')}` };
  }
  try {
    return entry.toCall(parsed.data, ctx);
  } catch (err) {
    return { error: `invalid arguments for ${name}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
