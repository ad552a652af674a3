/** Phrase tables: plan the day ("planifie ma journée", "plan my day") and break a task down ("aide-moi à commencer…"). */
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { CEST, PLEASE, type Piece, type Rule, SEP, TODAY_EN, TODAY_FR, argument, dropTail, rule } from './phrases';

// ---- planDay ------------------------------------------------------------------------------

export const plan = (): ToolCall => ({ tool: 'planDay' });
const tomorrow = (): ToolCall => ({ tool: 'planDay', day: 'tomorrow' });

/** Tomorrow without a calendar word ("qu'est-ce que j'ai demain?"); "mon agenda demain" is the agenda tool's. */
const TOMORROW_RULES: Rule[] = [
  rule('fr', `${PLEASE}(?:aide[- ]?moi a |m'aider a )?(?:planifie|planifier|planifions|organise|organiser|prepare|preparer)(?:[- ]moi)? ma journee de demain`, tomorrow),
  rule('fr', `qu'?est[- ]ce (?:que |qu')j'ai (?:de prevu |a faire |au programme |a l'horaire |quoi |d'autre )?demain`, tomorrow),
  rule('fr', `(?:j'ai quoi|jai quoi|g quoi|c'est quoi|quoi|je fais quoi|on fait quoi|qu'?est[- ]ce que je fais|qu'?est[- ]ce qui est prevu)(?: de prevu| de bon| a faire| au programme)? demain`, tomorrow),
  rule('fr', `(?:qu'?est[- ]ce qu'il y a|qu'y a-t-il|y'a quoi|ya quoi|y a quoi|quoi de prevu)(?: de prevu| au programme)? demain`, tomorrow),
  rule('fr', `(?:${CEST} quoi |quel est |donne[- ]moi |montre[- ]moi |envoie[- ]moi )?(?:mon|le) (?:plan|programme|horaire|plan de match) (?:de |pour |d'|pour la journee de )?demain`, tomorrow),
  rule('fr', `(?:${CEST} quoi |comment est |comment se presente )?ma journee de demain`, tomorrow),
  rule('en', `${PLEASE}(?:help me )?plan (?:my day |out my day )?(?:for )?tomorrow`, tomorrow),
  rule('en', `(?:what do i have|what have i got|what've i got|what's on|whats on|what is on|what's happening|whats happening|anything)(?: on| going on| planned| scheduled)? (?:for )?tomorrow`, tomorrow),
  rule('en', `(?:what's |whats |what is |show me |give me )?(?:my |the )?(?:plan|schedule|day) (?:for )?tomorrow`, tomorrow),
  rule('en', `(?:tomorrow's|tomorrows) (?:plan|schedule)|what(?:'s| is| does|s) tomorrow look like|what (?:should|do) i do tomorrow`, tomorrow),
];

export const PLAN_RULES: Rule[] = [
  ...TOMORROW_RULES,
  rule('fr', `${PLEASE}(?:aide[- ]?moi a |m'aider a )?(?:planifie|planifier|planifions|organise|organiser|prepare|preparer)(?:[- ]moi)? ma journee(?: d'${TODAY_FR})?`, plan),
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

export const BREAKDOWN_RULES: Rule[] = [
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
