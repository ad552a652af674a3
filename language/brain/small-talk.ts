/** Conversation that needs no tool (greetings, thanks, "what can you do", emojis) and usage hints for a tool word said alone. Pure. */
import { type Prepared, prepared } from '../prepare';
import { type Lang } from '../time';
import { DONE_EN, DONE_FR, LIST_EN, LIST_FR, whole } from './phrases';
import { REMEMBER_EN, REMEMBER_FR } from './memory';

// ---------------------------------------------------------------------------------------
// Small talk and usage hints
// ---------------------------------------------------------------------------------------

export type SmallTalk = 'help' | 'greeting' | 'thanks' | 'howAreYou' | 'capabilities' | 'bye' | 'emoji';

const SMALL_TALK: Array<{ kind: SmallTalk; lang: Lang | null; pattern: RegExp }> = [
  // The carrier keywords, when they come without the router (a message sent through the API).
  { kind: 'help', lang: 'fr', pattern: whole('aide') },
  { kind: 'help', lang: 'en', pattern: whole('help') },
  { kind: 'help', lang: null, pattern: whole('info|menu') },
  { kind: 'thanks', lang: 'fr', pattern: whole('merci(?: beaucoup| bien| encore| mille fois| infiniment)?(?: [\\p{L}!]+)?') },
  { kind: 'thanks', lang: 'en', pattern: whole('(?:thanks|thank you|thx|ty|tysm)(?: so much| a lot| again)?') },
  { kind: 'howAreYou', lang: 'fr', pattern: whole("(?:(?:et )?(?:toi|vous),? )?(?:ca va|comment ca va|comment vas-tu|comment tu vas|tu vas bien|ca roule|comment ca se passe|quoi de neuf|koi de neuf|quoi de bon)(?: toi)?") },
  { kind: 'howAreYou', lang: 'en', pattern: whole("(?:how are you|how are u|how r u|how's it going|hows it going|how you doing|what's up|whats up|sup)(?: today)?") },
  {
    kind: 'capabilities',
    lang: 'fr',
    pattern: whole(
      "qu'?est[- ]ce que tu (?:peux|sais) faire|que (?:peux|sais)[- ]tu faire|tu (?:peux|sais) faire quoi|tu fais quoi|t'es qui|tu es qui|qui es[- ]tu|" +
        "c'est quoi (?:tes|les) (?:commandes|fonctions|options)|comment (?:ca marche|tu marches|t'utiliser|ca fonctionne)|commandes|aide[- ]moi|" +
        "(?:c'est quoi|quel est) ton nom|comment tu t'appelles|comment t'appelles[- ]tu",
    ),
  },
  {
    kind: 'capabilities',
    lang: 'en',
    pattern: whole("what can you do|what do you do|who are you|what's your name|whats your name|how does (?:this|it) work|how do i use (?:this|you)|commands|options|help me"),
  },
  { kind: 'bye', lang: 'fr', pattern: whole('bye|bonne (?:nuit|soiree|journee)|a plus|a\\+|a la prochaine|a demain|ciao|tchao') },
  { kind: 'bye', lang: 'en', pattern: whole('bye|goodbye|good night|goodnight|see you|see ya|later|cya|have a good (?:day|night)') },
];

const GREETING =
  /^(?:bonjour|bonsoir|salut|allo|coucou|hello|hi|hey|good (?:morning|evening|afternoon)|yo|(?:es-tu|t'es|tu es) (?:la|reveille)|are you (?:there|awake|here))(?:[^\p{L}]|$)/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const ONLY_SYMBOLS = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Emoji_Component}\uFE0F\u200D\s\p{P}\p{S}]*$/u;

/** Messages made only of emojis (and punctuation). */
export function isEmojiOnly(message: string): boolean {
  return PICTOGRAPH.test(message) && ONLY_SYMBOLS.test(message);
}

/** Conversation that needs no tool: greetings, thanks, "what can you do", emojis alone. */
export function detectSmallTalk(message: string | Prepared): { kind: SmallTalk; language: Lang | null } | null {
  const u = prepared(message);
  if (isEmojiOnly(u.raw)) return { kind: 'emoji', language: null };
  const clean = u.whole;
  for (const { kind, lang, pattern } of SMALL_TALK) if (pattern.test(clean)) return { kind, language: lang };
  return GREETING.test(clean) ? { kind: 'greeting', language: null } : null;
}

/** A tool word alone ("ajoute", "retiens", "forget", "break down"): the person needs an example. */
export type HintTool = 'addTask' | 'remember' | 'forget' | 'breakdownTask' | 'completeTask' | 'removeTask';

const HINTS: Array<{ tool: HintTool; lang: Lang; pattern: RegExp }> = [
  { tool: 'addTask', lang: 'fr', pattern: whole(`(?:ajoute|rajoute|ajouter|mets)(?: (?:ca|quelque chose))?(?: (?:a|sur|dans) ${LIST_FR}| une tache)?`) },
  { tool: 'addTask', lang: 'en', pattern: whole(`(?:add|put)(?: (?:this|that|it|something))?(?: (?:to|on) ${LIST_EN}| a task)?`) },
  { tool: 'remember', lang: 'fr', pattern: whole(`${REMEMBER_FR}(?: (?:ca|bien))?(?: que|:)?`) },
  { tool: 'remember', lang: 'en', pattern: whole(`${REMEMBER_EN}(?: this| that)?(?: that|:)?|keep in mind(?: that)?`) },
  { tool: 'forget', lang: 'fr', pattern: whole('oublie|efface|supprime') },
  { tool: 'forget', lang: 'en', pattern: whole('forget|erase|forget about') },
  { tool: 'breakdownTask', lang: 'fr', pattern: whole('decompose|decoupe|aide[- ]moi a (?:decouper|decomposer)') },
  { tool: 'breakdownTask', lang: 'en', pattern: whole('break down|break it down|help me break (?:it|this) down') },
  // No tool deletes a task: checking it off is how it leaves the list.
  {
    tool: 'removeTask',
    lang: 'fr',
    pattern: whole('(?:efface|enleve|retire|supprime)(?: la tache| la| le| no| #)* ?\\d{1,3}(?: (?:de|sur|dans) (?:ma|la) liste)?|(?:efface|enleve|retire|supprime)(?: la)? tache.*'),
  },
  {
    tool: 'removeTask',
    lang: 'en',
    pattern: whole('(?:remove|delete|take off|cross off|drop)(?: task| item| number| #)* ?\\d{1,3} (?:from|off) (?:my|the) list|(?:remove|delete|drop) (?:the )?task.*'),
  },
  { tool: 'completeTask', lang: 'fr', pattern: whole(`coche|cocher|raye|${DONE_FR} (?:le |no )?0+`) },
  { tool: 'completeTask', lang: 'en', pattern: whole(`check off|complete|mark done|tick off|${DONE_EN} (?:number |#)?0+`) },
];

export function detectHint(message: string | Prepared): { tool: HintTool; language: Lang } | null {
  const u = prepared(message);
  for (const { tool, lang, pattern } of HINTS) if (pattern.test(u.folded)) return { tool, language: lang };
  return null;
}
