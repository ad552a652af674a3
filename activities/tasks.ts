import { toGsmFriendly } from '../language/sms/gsm';
import { countSegments } from '../language/sms/segments';
import { templateSteps } from '../language/texts/breakdown';
import { toSecondPerson } from '../language/texts/reminders';
import type { Lang } from '../language/time';
import type { BreakdownStep } from '../workflows/lib/turn-plan';
import { createTaskService, type TaskService, type TaskServiceDeps } from '../services/tasks';

export type TaskDeps = TaskServiceDeps;

/** Lines shown by "ma liste"; the rest is counted, and still reachable by number. */
const LISTED = 15;

/** A task as listed: second person, long titles cut. */
export function taskLabel(title: string, lang: Lang, max = 80): string {
  const label = toSecondPerson(title, lang);
  return label.length > max ? `${label.slice(0, max - 3)}...` : label;
}

/** The to-do list tools over the task service (services/tasks.ts): add, list (numbered), complete by number, and break down. */
export function createTaskActivities(deps: TaskDeps | { tasks: TaskService }) {
  const tasks = 'tasks' in deps ? deps.tasks : createTaskService(deps);

  /** Tool: "ajoute acheter du lait". The same open task is never added twice (nor by a retry). */
  async function addTask(input: { userId: string; language: Lang; title: string }): Promise<{ reply: string }> {
    const t = taskTexts(input.language);
    const added = await tasks.add(input);
    switch (added.status) {
      case 'added':
        return { reply: t.added(taskLabel(added.title, input.language), added.open) };
      case 'already':
        return { reply: t.already(taskLabel(added.task.title, input.language), added.open) };
      case 'no_title':
        return { reply: t.noTitle };
      case 'too_long':
        return { reply: t.tooLong(added.max) };
      case 'full':
        return { reply: t.full(added.max) };
    }
  }

  /** Tool: "ma liste": numbered open tasks, oldest first. */
  async function listTasks(input: { userId: string; language: Lang }): Promise<{ reply: string }> {
    const t = taskTexts(input.language);
    const open = await tasks.open(input.userId);
    if (open.length === 0) return { reply: t.emptyList };
    const lines = open.slice(0, LISTED).map((task, i) => `${i + 1}. ${taskLabel(task.title, input.language)}`);
    return { reply: `${t.listHeader}\n${lines.join('\n')}${open.length > LISTED ? `\n${t.more(open.length - LISTED)}` : ''}` };
  }

  /**
   * Tool: "fait 2": completes the 2nd task of the list. Index-based, so not idempotent: a retry
   * after a successful completion would complete the next task too (see the report to wire it).
   */
  async function completeTask(input: { userId: string; language: Lang; index: number }): Promise<{ reply: string }> {
    const t = taskTexts(input.language);
    const done = await tasks.completeAt(input);
    if (done.status === 'empty') return { reply: t.nothingToComplete };
    if (done.status === 'no_such') return { reply: t.noSuch(input.index) };
    return { reply: t.done(taskLabel(done.title, input.language), done.left) };
  }

  /**
   * Tool: "aide-moi à découper …". With the AI model, `steps` are its 3 to 7 small steps (each 15
   * min at most, checked by the tool registry); without them (the offline brain, or the model
   * calling without steps), the template for that kind of task (language/texts/breakdown.ts):
   * taxes, cleaning, laundry, groceries, emails, a report, moving, an appointment, bills, or a
   * generic one. Numbered for the person, in one or two SMS.
   */
  async function breakdownTask(input: { userId: string; language: Lang; task: string; steps?: BreakdownStep[] }): Promise<{ reply: string }> {
    const task = input.task.trim().replace(/\s+/g, ' ').replace(/[\s.!?;,]+$/, '');
    const steps = input.steps && input.steps.length > 0 ? input.steps : templateSteps(task, input.language);
    const reply = stepsText(task, steps, input.language);
    // One or two SMS as sent (sendSms turns "ô" into "o"): a very long task name is left out of the header.
    return { reply: countSegments(toGsmFriendly(reply)).segments <= 2 ? reply : stepsText('', steps, input.language) };
  }

  return { addTask, listTasks, completeTask, breakdownTask };
}

/** Every SMS of the task tools, French and English: GSM-7 only (no "â"), no emojis. */
function taskTexts(lang: Lang) {
  if (lang === 'fr') {
    return {
      added: (title: string, n: number) => `Ajouté à ta liste: ${title} (${n} à faire).`,
      already: (title: string, n: number) => `C'est déjà sur ta liste: ${title} (${n} à faire).`,
      noTitle: 'Quoi ajouter? Écris par exemple: ajoute acheter du lait',
      tooLong: (max: number) => `C'est un peu long pour ta liste (${max} caractères max). Garde l'essentiel.`,
      full: (max: number) => `Ta liste a déjà ${max} choses à faire, c'est le maximum. Écris "fait" et un numéro pour en cocher.`,
      listHeader: 'Ta liste:',
      more: (n: number) => `... et ${n} de plus`,
      emptyList: 'Ta liste est vide. Écris "ajoute" et une chose à faire pour commencer.',
      done: (title: string, left: number) =>
        `Bravo! Fait: ${title}. ${left > 0 ? `Il t'en reste ${left}.` : 'Ta liste est vide, bien joué.'}`,
      noSuch: (index: number) => `Il n'y a pas de no ${index} dans ta liste. Écris "ma liste" pour la voir.`,
      nothingToComplete: 'Ta liste est vide, rien à cocher.',
    };
  }
  return {
    added: (title: string, n: number) => `Added to your list: ${title} (${n} ${n === 1 ? 'task' : 'tasks'}).`,
    already: (title: string, n: number) => `Already on your list: ${title} (${n} ${n === 1 ? 'task' : 'tasks'}).`,
    noTitle: 'What should I add? For example: add buy milk',
    tooLong: (max: number) => `That's a bit long for your list (${max} characters max). Keep the key part.`,
    full: (max: number) => `Your list already has ${max} things to do, the maximum. Text "done" and a number to check one off.`,
    listHeader: 'Your list:',
    more: (n: number) => `... and ${n} more`,
    emptyList: 'Your list is empty. Text "add" and something to do to start one.',
    done: (title: string, left: number) => `Nice! Done: ${title}. ${left > 0 ? `${left} left.` : 'Your list is clear, well done.'}`,
    noSuch: (index: number) => `There's no #${index} on your list. Text "my list" to see it.`,
    nothingToComplete: 'Your list is empty, nothing to check off.',
  };
}

/** The steps of a breakdown, numbered, with their minutes; the first one is the one to start now. */
function stepsText(task: string, steps: BreakdownStep[], lang: Lang): string {
  const lines = steps.slice(0, 7).map((s, i) => `${i + 1}. ${s.action.trim().replace(/[\s.;]+$/, '')} (${Math.min(Math.max(Math.trunc(s.minutes), 1), 15)} min)`);
  const label = task ? `${taskLabel(task, lang, 60)}, ` : '';
  return lang === 'fr'
    ? `${label}${label ? 'en' : 'En'} petites étapes:\n${lines.join('\n')}\nCommence juste par la 1.`
    : `${label}${label ? 'in' : 'In'} small steps:\n${lines.join('\n')}\nJust start with step 1.`;
}
