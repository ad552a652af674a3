/**
 * Intent detection of the offline brain for the memory, to-do list and day plan tools, in
 * French, Québec French and English. Pure and deterministic: phrase tables and small helpers,
 * no I/O, no clock.
 *
 * Every pattern is written lower-case and without accents, and matched on a folded copy of the
 * message of the same length; the arguments (fact, query, title, task) are then cut from the
 * message as written, so "Souviens-toi que le code de mon CASIER est 4821" keeps its casing.
 * Patterns are anchored on the whole message: a phrase in the middle of a sentence is not a command.
 */
import { type Prepared, prepared } from '../prepare';
import type { Lang } from '../time';
import type { ToolCall } from '../../workflows/lib/turn-plan';

// ---------------------------------------------------------------------------------------
// Matching helpers
// ---------------------------------------------------------------------------------------

/** A whole-message pattern; `d` gives the indices used to cut the argument from the original. */
function whole(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'du');
}

interface Piece {
  text: string;
  folded: string;
}

/** The first capture group, as written in the message; '' for a pattern without one; null if no match. */
/** A prepared message (language/prepare.ts): `text` as written, `folded` for matching. */
export type Utterance = Prepared;

function capture(u: Utterance, pattern: RegExp): Piece | null {
  const match = pattern.exec(u.folded);
  if (!match) return null;
  const span = match.indices?.[1];
  if (!span) return { text: '', folded: '' };
  return { text: u.text.slice(span[0], span[1]), folded: u.folded.slice(span[0], span[1]) };
}

/** Drops what `tail` (anchored at the end) matches from both copies. */
function dropTail(piece: Piece, tail: RegExp): Piece {
  const match = tail.exec(piece.folded);
  if (!match) return piece;
  return { text: piece.text.slice(0, match.index), folded: piece.folded.slice(0, match.index) };
}

const EDGE_PUNCTUATION = /^[\s:;,.!?\-–—"«»]+|[\s:;,.!?\-–—"«»]+$/gu;

/** "« acheter du lait »." → "acheter du lait"; "'appeler maman'" → "appeler maman". */
export function tidyArgument(text: string): string {
  return text
    .replace(EDGE_PUNCTUATION, '')
    .replace(/^'(.+)'$/u, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------
// Phrase tables
// ---------------------------------------------------------------------------------------

/** Polite openers: "peux-tu", "can you", "please"... */
const PLEASE =
  "(?:(?:est-ce que |est ce que )?(?:tu peux|tu pourrais|peux[- ]tu|pourrais[- ]tu|pouvez[- ]vous|can you|could you|would you|will you|please|svp|stp|s'il te plait)[ ,]+)?";
const CEST = "(?:c'est|cest|c'e|c)";
const DEJA = '(?: deja| again| already| encore)?';
const TODAY_FR = "(?:aujourd'hui|aujourdhui|auj|ajd|today)";
const TODAY_EN = "(?:today|for today|today's|todays)";
const SEP = '(?: ?[:,-] ?| )';
const COLON = '(?: ?: ?)';

const LIST_FR =
  "(?:ma|la|mon|ta) (?:liste|to-?do|todo)(?: (?:de taches|des taches|de choses a faire|de trucs a faire|a faire|d'epicerie|de courses|d'achats|de choses|to-?do))?";
const LIST_EN = '(?:my|the|your) (?:to-?do list|todo list|to do list|to-?dos?|to do|task list|tasks|list|shopping list|grocery list)';

const ADD_FR = '(?:ajoute|ajouter|ajoutes|rajoute|rajouter|mets|met|mettre|inscris|inscrire|ecris|ecrire|note|noter|place|pitche)(?:[- ]moi)?';
const ADD_EN = '(?:add|put|write|stick|throw|pop)';

const NUMBER = '(?:(?:le|la|no\\.?|n°|numero|number|num|tache|task|item|#) ?)*(\\d{1,3})';
const DONE_FR = '(?:fait|faite|fini|finie|termine|terminee|complete|completee|coche|cocher|coches|check|checke|raye|rayer|barre|barrer)';
const DONE_EN = '(?:done|did|finished|completed|complete|check|checked|check off|checked off|cross off|crossed off|mark|marked|tick|ticked|tick off)';

type Rule = { lang: Lang | null; pattern: RegExp; build: (arg: Piece) => ToolCall | null };

function rule(lang: Lang | null, source: string, build: (arg: Piece) => ToolCall | null): Rule {
  return { lang, pattern: whole(source), build };
}

/** Arguments that point at nothing ("ajoute ça à ma liste"). */
const EMPTY_ARGUMENT = /^(?:ca|ceci|cela|ca aussi|le|la|les|this|that|it|them|quelque chose|something|tout|tout ca|everything|all|about)$/u;

function argument(piece: Piece): string | null {
  const text = tidyArgument(piece.text);
  const folded = tidyArgument(piece.folded);
  return text === '' || EMPTY_ARGUMENT.test(folded) ? null : text;
}

// ---- completeTask -------------------------------------------------------------------------

function completion(piece: Piece): ToolCall | null {
  const index = Number(piece.text);
  return Number.isInteger(index) && index >= 1 ? { tool: 'completeTask', index } : null;
}

const COMPLETE_RULES: Rule[] = [
  rule('fr', `(?:ok,? )?(?:(?:c'est|cest|c|j'ai|jai|g|j'ai bien) )?${DONE_FR}(?: la tache)? ${NUMBER}`, completion),
  rule('fr', `${NUMBER},? (?:(?:est|c'est|cest|c) )?(?:fait|faite|fini|finie|termine|terminee|coche)`, completion),
  rule('en', `(?:ok,? )?(?:i(?:'ve| have| am|'m)? )?${DONE_EN}(?: with)?(?: task| item)? ${NUMBER}(?: (?:as )?(?:done|complete|completed|finished|off))?`, completion),
  rule('en', `${NUMBER},? (?:is )?(?:done|finished|completed|complete)`, completion),
];

// ---- addTask ------------------------------------------------------------------------------

/** Titles that are really something else: a reminder, a bare delay, the list itself ("ajoute à ma liste"). */
const NOT_A_TITLE =
  /(?:^|[ -])(?:un rappel|une alarme|rappel|a reminder|reminder)(?: |$)|^\d+ ?(?:min|mins|minutes?|h|heures?|hours?)$|^(?:a|dans|sur|au|to|on|in|onto|into) (?:ma|la|mon|ta|my|the|your) |^(?:list|liste|de taches|des taches|a faire|de choses a faire|to-?do list|todo list)$/u;

function task(piece: Piece): ToolCall | null {
  if (NOT_A_TITLE.test(tidyArgument(piece.folded))) return null;
  const title = argument(piece);
  return title ? { tool: 'addTask', title } : null;
}

const ADD_RULES: Rule[] = [
  rule('fr', `${PLEASE}${ADD_FR}(?: (?:ca|ceci|cela|ca aussi))? (?:a|dans|sur|au) ${LIST_FR}${SEP}(.+)`, task),
  rule('fr', `${PLEASE}${ADD_FR} (.+?),? (?:a|dans|sur|au) ${LIST_FR}`, task),
  rule('fr', `(.+?),? (?:ajoute|mets|rajoute)[- ](?:le|la|les|ca) (?:a|dans|sur) ${LIST_FR}`, task),
  rule('fr', `${PLEASE}(?:ajoute|ajouter|rajoute|cree|creer|mets|nouvelle)(?: une| la| cette)? tache${SEP}(.+)`, task),
  rule('fr', `(?:a faire|tache|nouvelle tache)(?: (?:${TODAY_FR}|demain|cette semaine|ce soir))?${COLON}(.+)`, task),
  rule('en', `${PLEASE}${ADD_EN}(?: (?:this|that|it))? (?:to|on|in|onto|into) ${LIST_EN}${SEP}(.+)`, task),
  rule('en', `${PLEASE}${ADD_EN} (.+?),? (?:to|on|in|onto|into) ${LIST_EN}`, task),
  rule('en', `${PLEASE}(?:add|new|create)(?: a| the)? (?:task|to-?do|to do|todo item|item)${SEP}(.+)`, task),
  rule('en', `(?:task|new task)${COLON}(.+)`, task),
  rule(null, `(?:todo|to-?do|to do)${COLON}(.+)`, task),
  rule('fr', `(?:ma )?liste${COLON}(.+)`, task),
  rule('en', `(?:my )?list${COLON}(.+)`, task),
  // "ajoute acheter du lait" (what the day plan suggests), "add renew passport".
  rule('fr', `${PLEASE}(?:ajoute|rajoute)${SEP}(.+)`, task),
  rule('en', `${PLEASE}add${SEP}(.+)`, task),
];

// ---- remember -----------------------------------------------------------------------------

function fact(piece: Piece): ToolCall | null {
  const text = argument(piece);
  return text ? { tool: 'remember', fact: text } : null;
}

const REMEMBER_FR =
  '(?:(?:souviens|souvient|rappelle|rapelle|rappelles|rapelles)[- ]?(?:toi|toe)|(?:te )?souvenir|(?:te )?rappeler|retiens|retenir|retien|' +
  'note|noter|notes|prends note|prend note|prendre note|memorise|memoriser|garde (?:en tete|en memoire|ca en tete|ca en memoire)|' +
  "n'oublie pas|noublie pas|oublie pas|n'oublies pas|oublies pas|" +
  "(?:je veux|j'aimerais|j'voudrais|je voudrais|il faut) que tu (?:retiennes|te souviennes|te rappelles|notes|saches))";
const REMEMBER_EN =
  "(?:remember|note|make a note|take note|take a note|don't forget|dont forget|do not forget|never forget|memorize|memorise|save|store|write down|jot down)";

const REMEMBER_RULES: Rule[] = [
  rule('fr', `${PLEASE}${REMEMBER_FR}(?: (?:bien|ca|ceci|cela|juste|aussi))*(?: que | qu')(.+)`, fact),
  // "retiens ça: …", "note: …": the words after the colon tell the language.
  rule(null, `${PLEASE}${REMEMBER_FR}(?: (?:bien|ca|ceci|cela|juste|aussi))*${COLON}(.+)`, fact),
  rule('fr', `(?:a retenir|a noter|pour info|note a moi-meme)${COLON}(.+)`, fact),
  rule(null, `(?:memo|info)${COLON}(.+)`, fact),
  rule('en', `(?:fyi|for your information|for the record)${SEP}(.+)`, fact),
  rule('en', `${PLEASE}${REMEMBER_EN}(?: (?:this|that|it))?(?: that |${COLON})(.+)`, fact),
  rule('en', `${PLEASE}(?:keep|bear) in mind(?: that |${COLON}| )(.+)`, fact),
];

/** "remember my bike lock combo is 7309": a statement only (a question is recall). */
const REMEMBER_BARE = rule('en', `${PLEASE}remember (?!to |me |when |what |where |who |how |if |why |about )(.+)`, fact);

// ---- forget -------------------------------------------------------------------------------

/** Things that are not memories: "efface mes rappels" or "forget my list" are not for this tool. */
const NOT_A_MEMORY = /(?:^|[^\p{L}])(?:rappels?|reminders?|listes?|lists?|taches?|tasks?|to-?dos?|\d+)(?:$|[^\p{L}])/u;

function forgetting(piece: Piece): ToolCall | null {
  if (NOT_A_MEMORY.test(piece.folded)) return null;
  const query = argument(piece);
  return query ? { tool: 'forget', query } : null;
}

const FORGET_RULES: Rule[] = [
  rule(
    'fr',
    `${PLEASE}(?:oublie|oublies|oublier|efface|effacer|supprime|supprimer)(?! pas(?: |$))(?: de ta memoire)?` +
      "(?: (?:ce que je t'ai dit|ce que je t'avais dit|ce que tu sais|l'info|l'information|la note|tout ce que tu sais) (?:sur|a propos (?:de|du|des)|au sujet (?:de|du|des)|concernant|pour|de))?" +
      ' (.+?)(?: de ta memoire)?',
    forgetting,
  ),
  rule(
    'en',
    `${PLEASE}(?:forget|erase|delete|wipe)(?: (?:about|what i told you about|what i said about|everything about|the note about|my note about|the info about))? (.+?)(?: from (?:your )?memory)?`,
    forgetting,
  ),
];

// ---- planDay ------------------------------------------------------------------------------

const plan = (): ToolCall => ({ tool: 'planDay' });

const PLAN_RULES: Rule[] = [
  rule('fr', `${PLEASE}(?:aide[- ]?moi a |m'aider a )?(?:planifie|planifier|planifions|organise|organiser|prepare|preparer)(?:[- ]moi)? ma journee(?: d'${TODAY_FR}| de demain)?`, plan),
  rule('fr', `(?:${CEST} quoi |quel est |donne[- ]moi |montre[- ]moi |envoie[- ]moi )?(?:mon|le) (?:plan|programme|horaire|agenda|plan de match)(?: (?:de la journee|du jour|(?:pour |de |d')?${TODAY_FR}|pour la journee|de ma journee))?`, plan),
  rule('fr', `(?:${CEST} quoi |comment est |comment se presente )?ma journee(?: d'${TODAY_FR})?`, plan),
  rule('fr', `qu'?est[- ]ce (?:que |qu')j'ai (?:de prevu |a faire |au programme |a l'horaire |d'autre )?${TODAY_FR}`, plan),
  rule('fr', `(?:j'ai quoi|jai quoi|je fais quoi|on fait quoi|quoi faire|qu'?est[- ]ce que je fais|qu'?est[- ]ce qui est prevu)(?: de prevu| de bon| a faire)? ${TODAY_FR}`, plan),
  rule('fr', `(?:le |un )?plan (?:de|du|pour) (?:la journee|${TODAY_FR}|jour)`, plan),
  rule('en', `${PLEASE}(?:help me )?plan (?:my|the|out my) day(?: today)?`, plan),
  rule('en', `(?:what's |whats |what is |show me |give me |send me )?(?:my|the|today's|todays) (?:plan|schedule|agenda|day plan|day)(?: (?:for )?today)?`, plan),
  rule('en', `(?:what do i have|what have i got|what's on|whats on|what is on|what's happening|whats happening)(?: (?:on|going on|planned|scheduled))? ${TODAY_EN}`, plan),
  rule('en', `what(?:'s| is| does|s) my day look like(?: today)?`, plan),
  rule('en', `what (?:should|do|can) i (?:do|focus on|work on|start with) ${TODAY_EN}`, plan),
  rule('en', `what(?:'s| is|s) (?:on )?my (?:schedule|agenda|calendar)(?: (?:for )?today)?`, plan),
  rule('en', `(?:plan for today|today's plan|todays plan)`, plan),
];

// ---- breakdownTask ------------------------------------------------------------------------

const STEPS_TAIL = / (?:en|in|into) (?:petites |plusieurs |quelques |des |small |smaller |tiny |little )?(?:etapes|morceaux|sous-taches|bouts|parties|steps|pieces|chunks|tasks)(?: simples)?$/u;
const FOR_ME_TAIL = / (?:pour moi|for me)$/u;

function breakdown(piece: Piece): ToolCall | null {
  const what = argument(dropTail(dropTail(piece, FOR_ME_TAIL), STEPS_TAIL));
  return what ? { tool: 'breakdownTask', task: what } : null;
}

const BREAKDOWN_RULES: Rule[] = [
  rule(
    'fr',
    `${PLEASE}(?:aide[- ]?moi|aidez[- ]moi|m'aider)(?: a| pour) (?:decouper|decomposer|diviser|morceler|separer|commencer|demarrer|m'attaquer a|attaquer|organiser|faire un plan pour|avancer sur|avancer dans) (.+)`,
    breakdown,
  ),
  rule('fr', `${PLEASE}(?:decompose|decomposer|decoupe|decouper|divise|diviser|morcelle|morceler|detaille|detailler)(?:[- ]moi)?${SEP}(.+)`, breakdown),
  rule(
    'fr',
    "(?:(?:je (?:ne )?sais (?:pas|plus)|j'sais pas|chais pas|sais pas) )?(?:par ou|comment) (?:commencer|je commence|est-ce que je commence|je devrais commencer|partir)(?: pour| avec| a)? (.+)",
    breakdown,
  ),
  rule('fr', "j'ai besoin d'aide pour (?:decouper|decomposer|diviser|commencer|demarrer|m'attaquer a|attaquer|organiser) (.+)", breakdown),
  rule('fr', `(?:les |des )?(?:etapes|petites etapes|premieres etapes|sous-taches) (?:pour|afin de) (.+)`, breakdown),
  rule('en', `${PLEASE}(?:help me )?break (?:down|it down|this down)${SEP}(.+)`, breakdown),
  rule('en', "(?:i need|i'd like|i want) (?:some )?help (?:with )?(?:breaking down|splitting up|splitting|starting|getting started (?:on|with)|tackling|planning out) (.+)", breakdown),
  rule(
    'en',
    `${PLEASE}help me (?:break up|split up|split|plan out|get started on|get started with|start|tackle|chunk|with the steps for|figure out the steps for) (.+)`,
    breakdown,
  ),
  rule('en', `${PLEASE}(?:break|split|chunk) (.+?) (?:down|up)`, breakdown),
  rule('en', `${PLEASE}(?:break|split|chunk) (.+ (?:into|in) (?:small |smaller |tiny |little )?(?:steps|pieces|chunks|tasks))`, breakdown),
  rule('en', `(?:the |small |first )?steps (?:for|to) (.+)`, breakdown),
  rule('en', `(?:where|how) (?:do|should) i (?:start|begin)(?: with| on)? (.+)`, breakdown),
];

// ---- listTasks ----------------------------------------------------------------------------

const tasks = (): ToolCall => ({ tool: 'listTasks' });

const LIST_RULES: Rule[] = [
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

// ---- recall -------------------------------------------------------------------------------

/** Words that make "rappelle-moi <something>" a reminder rather than a question. */
const TIME_WORDS =
  /\d|(?:^|[ '])(?:demain|apres-demain|aujourd'hui|ce soir|a soir|ce matin|cet apres-midi|midi|minuit|tantot|plus tard|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|mois|heures?|minutes?|chaque|tous les)(?:$|[ ,.!?])/u;

/** Questions that are not about a stored fact: "what's up", "c'est quoi ton nom", "quelle heure est-il". */
const NOT_A_QUERY =
  /^(?:(?:ton|ta|tes|toi|tu|t'es|es-tu|votre|vos|vous|your|you|you're|u|are you|r u|la meteo|meteo|the weather|weather)(?: |$)|(?:up|new|going on|happening|ca|cela|ceci|it|that|this|today|le temps|l'heure|la date|the time|the date|est-il|is it|sup)$)/u;
const REMINDER_WORDS = /(?:^|[^\p{L}])(?:rappels?|reminders?)(?:$|[^\p{L}])/u;
const LIST_WORDS = /(?:^|[^\p{L}])(?:liste|list|taches|tasks|to-?do)(?:$|[^\p{L}])/u;
const QUERY_TAIL = / (?:deja|again|already|encore|stp|svp|please|is|was|are|were|est|etait|sont|etaient)$/u;

function recalling(piece: Piece): ToolCall | null {
  let trimmed = piece;
  for (let before = ''; before !== trimmed.folded; ) {
    before = trimmed.folded;
    trimmed = dropTail({ text: trimmed.text.replace(/[\s,]+$/u, ''), folded: trimmed.folded.replace(/[\s,]+$/u, '') }, QUERY_TAIL);
  }
  const folded = tidyArgument(trimmed.folded);
  if (NOT_A_QUERY.test(folded)) return null;
  if (REMINDER_WORDS.test(folded)) return { tool: 'listReminders' };
  if (LIST_WORDS.test(folded)) return { tool: 'listTasks' };
  const query = argument(trimmed);
  return query ? { tool: 'recall', query } : null;
}

const RECALL_RULES: Rule[] = [
  rule('fr', `(?:${CEST} (?:quoi|koi)|c'etait quoi|cetait quoi|c'etais quoi)${DEJA},? (.+)`, recalling),
  rule('fr', `(?:quel|quelle|quels|quelles) (?:est|etait|sont|etaient|c'est|c'etait)${DEJA} (.+)`, recalling),
  rule('fr', `qu'?est[- ]ce que (?:c'est|c'etait|cest|c'e)${DEJA} (.+)`, recalling),
  rule('fr', `(?:est-ce que |est ce que )?(?:tu te|te) (?:souviens|souvient|rappelles|rappelle)(?:[- ]tu)?(?: de | d'| du | des | )(.+)`, recalling),
  rule('fr', `(?:rappelle|redis|dis|redonne|donne)[- ]moi (?:${CEST} quoi|quel(?:le)? (?:est|etait)|ce qu'est|c'etait quoi)${DEJA} (.+)`, recalling),
  rule('fr', "(?:redis|dis|redonne|donne)[- ]moi ((?:le|la|les|l'|mon|ma|mes) .+)", recalling),
  // "rappelle-moi le numéro de passeport": a fact, unless a time makes it a reminder.
  rule('fr', "(?:rappelle|rapelle)[- ]moi ((?:le|la|les|l'|mon|ma|mes) .+)", (piece) => (TIME_WORDS.test(piece.folded) ? null : recalling(piece))),
  rule('fr', "comment (?:s'appelle|s'appelait|s'appellent) (.+)", recalling),
  rule('fr', `(?:ou|ou est-ce que) (?:est|sont|se trouve|se trouvent)${DEJA} (.+)`, recalling),
  // "où j'ai stationné?": the verb is the query ("j'ai stationné au niveau P3").
  rule('fr', "(?:ou|ou est-ce que|ou ce que) ((?:j'ai|jai|j'avais) .+)", recalling),
  rule('fr', `(?:quand|qui) (?:est|etait|c'est|a lieu|tombe)${DEJA} (.+)`, recalling),
  rule('fr', `${CEST} (?:quand|qui|ou) (.+)`, recalling),
  rule('fr', `(?:a quelle heure|quelle heure) (?:est|etait|c'est)${DEJA} (.+)`, recalling),
  rule('fr', "(?:j'avais|je t'avais|je t'ai) (?:dit|note|mis) quoi (?:pour|sur|comme|a propos de) (.+)", recalling),
  rule('fr', `(.+?),? (?:${CEST}|c'etait|cetait) (?:quoi|quand|qui)${DEJA}`, recalling),
  rule('fr', `(.+?),? (?:${CEST} )?ou${DEJA}`, recalling),
  rule('en', `(?:what's|whats|what is|what was|what are|what were|what're)${DEJA} (.+)`, recalling),
  rule('en', '(?:do|did) you (?:remember|know|recall|have)(?: what| anything about| about)? (.+)', recalling),
  rule('en', '(?:(?:can|could) you )?(?:remind me|tell me|give me|show me) (?:what|where|when|who) (.+)', recalling),
  rule('en', '(?:(?:can|could) you )?(?:tell me|give me) ((?:my|the) .+)', recalling),
  rule('en', "(?:when's|whens|when is|when was|when are|where's|wheres|where is|where are|who's|whos|who is|who was|what time is|what time was) (.+)", recalling),
  rule('en', 'where did i ((?:put|park|leave|hide|store).*)', recalling),
  rule('en', 'what did i (?:tell you|say|note|save) about (.+)', recalling),
];

/** "remember my bike lock combo?": a question to the memory. */
const RECALL_QUESTION = rule('en', '(?:remember|recall)(?: what| about)? (.+)', recalling);

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/** A tool call read from a message, and the language it was said in. */
export interface DetectedIntent {
  call: ToolCall;
  language: Lang;
}

function firstMatch(u: Utterance, rules: readonly Rule[]): DetectedIntent | null {
  for (const { lang, pattern, build } of rules) {
    const piece = capture(u, pattern);
    const call = piece && build(piece);
    if (call) return { call, language: lang ?? u.language };
  }
  return null;
}

/** "fait 2", "c'est fait 2", "j'ai fini 3", "coche 2", "done 2", "finished 1", "#2 done". */
export function detectCompletion(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), COMPLETE_RULES);
}

/** "souviens-toi que…", "rappelle-toi que…", "retiens que…", "remember that…", "keep in mind…". */
export function detectRemember(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  return firstMatch(u, u.question ? REMEMBER_RULES : [...REMEMBER_RULES, REMEMBER_BARE]);
}

/** "c'est quoi le code de mon casier?", "what's my bike lock combo?", "do you remember my…". */
export function detectRecall(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  return firstMatch(u, u.question ? [...RECALL_RULES, RECALL_QUESTION] : RECALL_RULES);
}

/** Words that make a question too vague to search ("pourquoi?", "really?"). */
const VAGUE_QUESTION =
  /^(?:pourquoi|quoi|comment|hein|quand|ou|qui|oui|non|ok|vraiment|serieux|c'est tout|et|et alors|et puis|(?:c'est|c) (?:quoi|qui|ca)|quoi donc|lol|mdr|haha+|ah|oh|hmm+|euh|bon|ben|why|what|how|huh|when|where|who|yes|no|really|sure|and|so|what's that|what is it|what's this|and then)$/u;
const MAX_SHORT_QUESTION_WORDS = 6;

/**
 * A short question that nothing else understood ("Bike lock?", "code du wifi?"): a search in the
 * person's memory is the most useful answer. Time words are left out ("demain?").
 */
export function detectShortQuestion(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  const words = u.folded.split(' ').filter((w) => /\p{L}/u.test(w));
  if (!u.question || words.length === 0 || words.length > MAX_SHORT_QUESTION_WORDS) return null;
  if (VAGUE_QUESTION.test(u.folded) || TIME_WORDS.test(u.folded)) return null;
  const call = recalling({ text: u.text, folded: u.folded });
  return call ? { call, language: u.language } : null;
}

/** "oublie le code de mon casier", "efface…", "forget my bike lock combo". */
export function detectForget(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), FORGET_RULES);
}

/** "ajoute à ma liste: acheter du lait", "mets X sur ma liste", "à faire: X", "add X to my list", "todo: X". */
export function detectAddTask(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), ADD_RULES);
}

/** "ma liste", "mes tâches", "qu'est-ce que j'ai à faire", "my list", "todo list". */
export function detectListTasks(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), LIST_RULES);
}

/** "décompose: faire mes impôts", "aide-moi à découper…", "break down: do my taxes", "help me break down…". */
export function detectBreakdown(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), BREAKDOWN_RULES);
}

/** "planifie ma journée", "mon plan pour aujourd'hui", "qu'est-ce que j'ai aujourd'hui", "plan my day". */
export function detectPlanDay(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), PLAN_RULES);
}

/**
 * The memory, list and plan tools, in the order that keeps similar phrasings apart: a list
 * named explicitly wins ("note X sur ma liste" adds a task), the day plan before the list
 * ("qu'est-ce que j'ai à faire aujourd'hui"), and both before a memory question ("c'est quoi
 * ma liste"). Completion ("fait 2") is separate: it must run before the answers to a reminder.
 */
export function detectIntent(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  const detectors = [detectAddTask, detectRemember, detectForget, detectPlanDay, detectBreakdown, detectListTasks, detectRecall];
  for (const detect of detectors) {
    const found = detect(u);
    if (found) return found;
  }
  return null;
}

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
