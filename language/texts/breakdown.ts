/**
 * A task broken into small steps without the AI model: templates for the tasks adults with ADHD
 * put off most (taxes, cleaning, laundry, groceries, emails, a report, moving, an appointment,
 * bills) and a generic one, in French (Québec) and English. 3 to 5 steps of 15 minutes at most,
 * GSM-7 (no ç â ê î ô û), so the numbered reply fits two SMS (test/unit/language/texts/breakdown.test.ts).
 * Pure.
 */
import { fold } from '../prepare';
import type { Lang } from '../time';
import type { BreakdownStep } from '../../workflows/lib/turn-plan';

export type BreakdownTemplate = 'taxes' | 'emails' | 'bills' | 'appointment' | 'moving' | 'laundry' | 'groceries' | 'cleaning' | 'report' | 'generic';

type Steps = Array<[action: string, minutes: number]>;

/** Tried in this order: "rapport d'impôts" is taxes, "ménage de mes courriels" is emails. */
const MATCHERS: Array<[BreakdownTemplate, RegExp]> = [
  ['taxes', /\b(?:impots?|declarations? (?:de revenus|d'impots?|fiscales?)|taxes|tax return|tax returns|my tax|the tax|income tax|t4)\b/u],
  ['emails', /\b(?:courriels?|e-?mails?|mails?|inbox|boite de reception|boite courriel|messages? en retard)\b/u],
  ['bills', /\b(?:factures?|comptes a payer|paiements?|budget|bills?|payments?|paperwork|paperasse)\b/u],
  ['appointment', /\b(?:rendez[- ]vous|rdv|appointments?|dentiste|dentist|medecin|docteur|doctor)\b/u],
  ['moving', /\b(?:demenag\w*|moving|move out|move house|move apartments?|packing|faire mes boites|faire des boites)\b/u],
  ['laundry', /\b(?:lavage|lessive|linge|laundry|brassees?|wash(?:ing)? (?:my |the )?clothes)\b/u],
  ['groceries', /\b(?:epicerie|courses|commissions|groceries|grocery|grocery shopping|food shopping|the shopping)\b/u],
  ['cleaning', /\b(?:menage|nettoy\w*|ranger|rangement|laver la|laver le|vaisselle|cuisine|salle de bain|clean\w*|tidy\w*|declutter\w*|dishes|kitchen|bathroom)\b/u],
  ['report', /\b(?:rapport|travail ecrit|dissertation|redaction|memoire|presentation|report|essay|paper|thesis|write-?up|proposal)\b/u],
];

const STEPS: Record<Lang, Record<BreakdownTemplate, Steps>> = {
  fr: {
    taxes: [
      ['Sors une enveloppe', 2],
      ['Mets-y tes T4 et relevés', 10],
      ['Ouvre le logiciel de déclaration', 5],
      ['Entre tes infos personnelles', 10],
      ['Note les papiers à trouver', 3],
    ],
    emails: [
      ['Mets une minuterie de 15 min', 1],
      ['Archive les pubs et infolettres', 5],
      ['Réponds aux 3 plus courts', 10],
      ['Note les longs sur ta liste', 3],
    ],
    bills: [
      ['Rassemble les factures à payer', 5],
      ['Classe-les par date limite', 3],
      ['Paie la plus urgente', 10],
      ['Note les autres avec leur date', 5],
    ],
    appointment: [
      ['Trouve le numéro ou le site', 5],
      ['Regarde tes disponibilités', 3],
      ['Appelle ou réserve en ligne', 10],
      ['Écris-moi la date pour un rappel', 2],
    ],
    moving: [
      ['Choisis une seule pièce', 2],
      ['Trouve des cartons et du ruban', 10],
      ['Remplis un seul carton', 15],
      ['Écris la pièce dessus', 2],
      ['Note qui avertir de ton adresse', 5],
    ],
    laundry: [
      ['Ramasse le linge sale', 5],
      ['Lance une brassée', 3],
      ['Mets une minuterie', 1],
      ['Passe-la à la sécheuse', 5],
      ['Plie juste 10 morceaux', 10],
    ],
    groceries: [
      ['Regarde dans le frigo', 5],
      ['Fais une liste de 10 articles max', 5],
      ['Choisis quand y aller', 2],
      ['Achète ce qui est sur la liste', 15],
      ['Range le froid en premier', 5],
    ],
    cleaning: [
      ['Mets une musique, prends un sac', 2],
      ['Jette les déchets que tu vois', 5],
      ['Range 10 objets', 10],
      ['Essuie une seule surface', 5],
      ['Regarde le résultat: bravo', 1],
    ],
    report: [
      ['Ouvre un document et donne un titre', 2],
      ['Écris 3 à 5 titres de sections', 5],
      ['Note des idées en vrac sous chacun', 10],
      ['Rédige le 1er paragraphe, imparfait', 15],
    ],
    generic: [
      ['Écris en une phrase ce que "fini" veut dire', 2],
      ["Sors ce qu'il te faut", 5],
      ['Fais juste la 1re action, pas parfaite', 10],
      ['Choisis la prochaine étape', 3],
    ],
  },
  en: {
    taxes: [
      ['Grab one folder for tax papers', 2],
      ['Put your slips and receipts in', 10],
      ['Open your tax software', 5],
      ['Fill in your personal info', 10],
      ['Note papers still to find', 3],
    ],
    emails: [
      ['Set a 15-minute timer', 1],
      ['Archive ads and newsletters', 5],
      ['Answer the 3 shortest ones', 10],
      ['Put the long ones on your list', 3],
    ],
    bills: [
      ['Gather the bills to pay', 5],
      ['Sort them by due date', 3],
      ['Pay the most urgent one', 10],
      ['List the others with their dates', 5],
    ],
    appointment: [
      ['Find the number or booking site', 5],
      ['Check when you are free', 3],
      ['Call or book online', 10],
      ['Text me the date for a reminder', 2],
    ],
    moving: [
      ['Pick one room', 2],
      ['Find boxes and tape', 10],
      ['Fill one box', 15],
      ['Label it with the room', 2],
      ['List who needs your new address', 5],
    ],
    laundry: [
      ['Gather dirty clothes in one basket', 5],
      ['Start one load', 3],
      ['Set a timer for the end', 1],
      ['Move it to the dryer or the rack', 5],
      ['Fold just 10 pieces', 10],
    ],
    groceries: [
      ['Check the fridge', 5],
      ['List 10 items max', 5],
      ['Pick when to go', 2],
      ["Buy what's on the list", 15],
      ['Put the cold things away first', 5],
    ],
    cleaning: [
      ['Put on music, grab a bag', 2],
      ['Throw out the trash you see', 5],
      ['Put 10 things back', 10],
      ['Wipe one surface', 5],
      ['Look at what you did: nice', 1],
    ],
    report: [
      ['Open a document and give it a title', 2],
      ['Write 3 to 5 section headings', 5],
      ['Jot rough ideas under each', 10],
      ['Draft the first paragraph, messy is fine', 15],
    ],
    generic: [
      ['Write in one sentence what "done" means', 2],
      ['Get out what you need', 5],
      ['Do just the first action, not perfect', 10],
      ['Pick the next step', 3],
    ],
  },
};

/** Which template fits a task, from its words in either language ("mon rapport d'impôts" → taxes). */
export function breakdownTemplate(task: string): BreakdownTemplate {
  const folded = fold(task);
  for (const [name, pattern] of MATCHERS) if (pattern.test(folded)) return name;
  return 'generic';
}

/** The small steps of a task without the model: 3 to 5, 15 minutes each at most, in `lang`. */
export function templateSteps(task: string, lang: Lang): BreakdownStep[] {
  return STEPS[lang][breakdownTemplate(task)].map(([action, minutes]) => ({ action, minutes }));
}
