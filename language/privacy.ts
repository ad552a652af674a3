import { type Prepared, prepared } from './prepare';
import type { Lang } from './time';

/**
 * The privacy commands and answers a person texts, French, Québec French and English. Pure and
 * deterministic (no I/O): matched whole-message on a folded copy (lower case, no accents, no end
 * punctuation), like the carrier keywords, so "supprime mon compte" in the middle of a sentence
 * is not a command.
 */
export type PrivacyAction = 'consentYes' | 'consentNo' | 'revokeConsent' | 'export' | 'deleteAccount' | 'confirmDeletion';

export interface PrivacyIntent {
  action: PrivacyAction;
  language: Lang;
  /** The confirmation code of "SUPPRIMER 4821". */
  code?: string;
}

const whole = (source: string) => new RegExp(`^(?:${source})$`, 'u');
const PLEASE = '(?: (?:svp|stp|s\'il te plait|please|pls|merci|thanks))?';

const YES_FR = whole(`(?:oui|ouais|ouin|ok oui|oui oui|oui merci|oui vas-y|vas-y|d'accord|daccord|bien sur|certainement|j'accepte|je consens)${PLEASE}`);
const YES_EN = whole(`(?:yes|yeah|yep|yup|sure|ok yes|yes please|i agree|i consent|of course)${PLEASE}`);
const NO_FR = whole(`(?:non|nope|non merci|pas question|surtout pas|je refuse|non je refuse)${PLEASE}`);
const NO_EN = whole(`(?:no|nah|no thanks|no thank you|don't|do not|i refuse)${PLEASE}`);

const COMMANDS: Array<{ action: Exclude<PrivacyAction, 'consentYes' | 'consentNo' | 'confirmDeletion'>; language: Lang; pattern: RegExp }> = [
  { action: 'revokeConsent', language: 'fr', pattern: whole(`(?:je )?(?:retire|retirer|annule|annuler|revoque|revoquer) (?:mon|le) consentement${PLEASE}`) },
  { action: 'revokeConsent', language: 'en', pattern: whole(`(?:i )?(?:withdraw|revoke|cancel) (?:my )?consent${PLEASE}`) },
  { action: 'export', language: 'fr', pattern: whole(`(?:exporte|exporter|telecharge|telecharger|envoie[- ]moi|envoyer|je veux) (?:toutes )?mes donnees${PLEASE}`) },
  { action: 'export', language: 'en', pattern: whole(`(?:export|download|send me) (?:all )?my data${PLEASE}`) },
  { action: 'deleteAccount', language: 'fr', pattern: whole(`(?:je veux )?(?:supprime|supprimer|efface|effacer|ferme|fermer|detruis|detruire) mon compte${PLEASE}`) },
  { action: 'deleteAccount', language: 'en', pattern: whole(`(?:i want to )?(?:delete|erase|close|remove) my account${PLEASE}`) },
];

const CONFIRM = /^(?:(supprimer|supprime|efface)|(delete|erase)) (\d{4})$/u;

/**
 * A privacy command, or an answer the person owes us: a yes/no only counts while a consent question
 * is pending, "SUPPRIMER 1234" only while a deletion code is pending.
 */
export function detectPrivacy(body: string | Prepared, pending: { consent: boolean; deletion: boolean }): PrivacyIntent | null {
  const folded = prepared(body).whole;
  if (pending.deletion) {
    const m = CONFIRM.exec(folded);
    if (m) return { action: 'confirmDeletion', language: m[1] ? 'fr' : 'en', code: m[3] };
  }
  if (pending.consent) {
    if (YES_FR.test(folded)) return { action: 'consentYes', language: 'fr' };
    if (YES_EN.test(folded)) return { action: 'consentYes', language: 'en' };
    if (NO_FR.test(folded)) return { action: 'consentNo', language: 'fr' };
    if (NO_EN.test(folded)) return { action: 'consentNo', language: 'en' };
  }
  for (const c of COMMANDS) if (c.pattern.test(folded)) return { action: c.action, language: c.language };
  return null;
}

/**
 * Health-related reminders (Law 25: health information is sensitive): medication, care
 * appointments, tests. Matched on whole words of the folded text.
 */
const HEALTH = new RegExp(
  '(?:^|[^\\p{L}])(?:' +
    [
      'medicaments?', 'medicamment?s?', 'medocs?', 'pilules?', 'comprimes?', 'capsules?', 'pills?', 'medications?', 'medicines?', 'meds', 'dose',
      'ordonnances?', 'prescriptions?', 'pharmacie', 'pharmacy', 'pharmacien(?:ne)?', 'pharmacist',
      'medecins?', 'docteure?s?', 'doctors?', 'dr', 'md', 'clinique', 'clinic', 'cliniques', 'hopital', 'hospital', 'urgence', 'clsc',
      'psy', 'psys', 'psychologue', 'psychiatre', 'psychologist', 'psychiatrist', 'therapie', 'therapeute', 'therapy', 'therapist', 'counsell?or',
      'dentiste', 'dentist', 'infirmiere?', 'nurse', 'ergotherapeute', 'physio', 'physiotherapie', 'neuropsy', 'neuropsychologue',
      'prise de sang', 'blood test', 'vaccins?', 'vaccines?', 'insuline', 'insulin', 'injection', 'piqure',
      'ritalin', 'vyvanse', 'concerta', 'adderall', 'biphentin', 'foquest', 'strattera', 'intuniv', 'wellbutrin', 'dexedrine',
      'antidepresseurs?', 'antidepressants?', 'anxiolytiques?', 'melatonine', 'melatonin', 'sante', 'health',
    ].join('|') +
    ')(?=$|[^\\p{L}])',
  'u',
);

export function isHealthRelated(text: string): boolean {
  return HEALTH.test(prepared(text).whole);
}
