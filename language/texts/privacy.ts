import type { Lang } from '../time';

/** Every SMS of consent, export and deletion, French and English, GSM-7 friendly. */
export function privacyTexts(lang: Lang) {
  const fr = lang === 'fr';
  return {
    /** The consent question says what it is about: a health reminder, or a note to keep. */
    askConsent: (about: 'health' | 'note') =>
      fr
        ? `${about === 'health' ? "C'est une info de santé: je peux la garder pour tes rappels?" : 'Je garde tes notes seulement avec ton accord: je peux noter ceci pour toi?'} Réponds OUI ou NON. (Tu pourras changer d'idée: écris "retire mon consentement".)`
        : `${about === 'health' ? "That's health info: can I keep it for your reminders?" : 'I keep notes only with your OK: can I note this for you?'} Reply YES or NO. (You can change your mind: text "withdraw my consent".)`,
    consentThanks: fr ? 'Merci! ' : 'Thanks! ',
    consentRecorded: fr
      ? "Merci, c'est noté: je peux garder ce genre d'info pour toi."
      : "Thanks, noted: I can keep this kind of info for you.",
    consentDeclined: fr
      ? "D'accord, je n'ai rien gardé de ça. Je te redemanderai avant de noter ce genre d'info."
      : "OK, I didn't keep any of that. I'll ask again before noting this kind of info.",
    consentRevoked: (memories: number) =>
      fr
        ? `C'est fait: consentement retiré${memories ? ` et ${memories} note${memories > 1 ? 's' : ''} effacée${memories > 1 ? 's' : ''}` : ''}. Je te redemanderai avant de garder ce genre d'info.`
        : `Done: consent withdrawn${memories ? ` and ${memories} note${memories > 1 ? 's' : ''} erased` : ''}. I'll ask again before keeping this kind of info.`,
    exportLink: (url: string, minutes: number) =>
      fr
        ? `Tes données (JSON): ${url} Lien valide ${minutes} min, une seule fois.`
        : `Your data (JSON): ${url} Link valid ${minutes} min, once.`,
    deletionCode: (code: string, minutes: number) =>
      fr
        ? `Pour effacer ton compte et TOUTES tes données (rappels, notes, messages), réponds SUPPRIMER ${code} dans les ${minutes} prochaines minutes. C'est définitif.`
        : `To erase your account and ALL your data (reminders, notes, messages), reply DELETE ${code} within ${minutes} minutes. This cannot be undone.`,
    wrongCode: fr
      ? `Ce code ne correspond pas (ou il a expiré). Écris "supprime mon compte" pour en recevoir un nouveau.`
      : `That code doesn't match (or it expired). Text "delete my account" to get a new one.`,
    goodbye: fr
      ? "Ton compte et toutes tes données sont en train d'être effacés. Merci d'avoir utilisé l'assistant. Bye!"
      : 'Your account and all your data are being erased. Thanks for using the assistant. Bye!',
  };
}

const FIRST_ACK = /^(?:OK!|OK,|D'accord!|Got it:|Got it,)\s+/u;

/** "Merci!" + the held call's own reply, as one acknowledgement: "Merci! Je te rappelle…", not "Merci! OK! Je te rappelle…". */
export function thankedReply(reply: string, lang: Lang): string {
  const rest = reply.replace(FIRST_ACK, '');
  return `${privacyTexts(lang).consentThanks}${rest.charAt(0).toUpperCase()}${rest.slice(1)}`;
}
