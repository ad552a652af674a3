/** Phrase table: show the to-do list ("ma liste", "qu'est-ce que j'ai à faire", "my list"). */
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { type Rule, rule } from './phrases';

// ---- listTasks ----------------------------------------------------------------------------

export const tasks = (): ToolCall => ({ tool: 'listTasks' });

export const LIST_RULES: Rule[] = [
  // The reminders have their own list ("mes rappels" is read before the brain gets here).
  rule('fr', "(?:(?:montre|affiche|donne)[- ]moi )?(?:ma|la) liste (?:de|des) (?:mes )?rappels", () => ({ tool: 'listReminders' })),
  rule('en', '(?:show me )?(?:my|the) (?:reminder list|list of (?:my )?reminders)', () => ({ tool: 'listReminders' })),
  rule(
    'fr',
    "(?:(?:montre|affiche|donne|envoie|redonne|lis)[- ]moi |voir |(?:c'est|cest|c) quoi |quelle est |qu'?est[- ]ce qu'il y a (?:sur|dans) )?" +
      '(?:ma liste(?: de taches| a faire| de choses a faire| to-?do)?|mes taches|ma to-?do(?: list)?|mes (?:choses|trucs|affaires) a faire|la liste de taches|liste de taches|liste des taches|les taches)',
    tasks,
  ),
  rule(
    'fr',
    "(?:qu'?est[- ]ce que j'ai a faire|j'ai quoi a faire|jai quoi a faire|qu'?est[- ]ce qu'il (?:me )?reste(?: a faire)?|il me reste quoi(?: a faire)?|" +
      "qu'?est[- ]ce qui (?:me )?reste(?: a faire| (?:sur|dans) ma liste)?|qu'?est[- ]ce que je dois faire|quoi faire|a faire|taches|" +
      "(?:c'est|cest|c) quoi (?:qu'il|qui) (?:me )?reste(?: a faire)?|" +
      '(?:liste|affiche|montre) (?:mes|les) taches)',
    tasks,
  ),
  rule(
    'en',
    "(?:show(?: me)? |see |view |what's on |whats on |what is on |what's in |read me |send me |check )?(?:my |the )?(?:to-?do list|todo list|to do list|to-?dos?|to do|task list|tasks)",
    tasks,
  ),
  rule('en', "(?:show(?: me)? |see |view |what's on |whats on |what is on |what's in |read me |send me |check )?(?:my|the) list", tasks),
  rule('en', "(?:what do i (?:have|need|got) to do|what(?:'s| is|s) left(?: to do)?|what(?:'s| is|s) on my plate)", tasks),
  rule('en', '(?:list|show|read) (?:my|the|all my|all) (?:tasks|to-?dos|to-?do list|todo list)', tasks),
];
