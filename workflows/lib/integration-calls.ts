/**
 * Tool calls of the integrations and the daily check-in, appended to the brain's ToolCall union
 * (workflows/lib/turn-plan.ts). Run by workflows/tools.ts (the tool table), each as its own activity.
 */
export type ProviderId = 'google' | 'microsoft' | 'notion';

export type IntegrationToolCall =
  /** "check-in à 7h30", "arrête le bilan du soir", "reprends le bilan": slot null = by the time, or both. */
  | { tool: 'setCheckin'; slot: 'morning' | 'evening' | null; time: string | null; enabled: boolean }
  /** "connecte mon calendrier Google": texts a short-lived link to the provider's consent page. */
  | { tool: 'connectProvider'; provider: ProviderId }
  /** "qu'est-ce que j'ai demain?": the connected calendars' events of that local day. */
  | { tool: 'agenda'; day: 'today' | 'tomorrow' }
  /** "bloque 14h-15h pour mes impôts jeudi": ISO instants computed in the person's zone. */
  | { tool: 'createEvent'; title: string; start: string; end: string }
  /** "note ça dans Notion: …" */
  | { tool: 'noteToNotion'; text: string }
  /** "trouve une vidéo de 10 min pour m'aider à me concentrer" */
  | { tool: 'findVideo'; query: string; minutes: number | null }
  /** "synchronise mes tâches": a sync of every connected task list, now. */
  | { tool: 'syncTasks' }
  /**
   * "rappelle-moi 15 min avant mes rendez-vous" (on; minutes null = 15), "arrête les rappels avant
   * mes rendez-vous" (off): a reminder before each calendar event.
   */
  | { tool: 'setEventReminders'; enabled: boolean; minutes: number | null };

export const INTEGRATION_TOOLS = ['setCheckin', 'connectProvider', 'agenda', 'createEvent', 'noteToNotion', 'findVideo', 'syncTasks', 'setEventReminders'] as const;
