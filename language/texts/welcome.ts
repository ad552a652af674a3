/** The first SMS from a newly provisioned number: who it is, how to start, how to stop. GSM-7, one or two segments. */
export function welcomeText(language: 'fr' | 'en'): string {
  return language === 'en'
    ? 'Hi! I am your assistant. Save this number and text me anytime: "remind me to call mom at 6pm". Reply HELP for help, STOP to stop.'
    : 'Bonjour! Je suis ton assistant. Garde ce numéro et écris-moi quand tu veux: "rappelle-moi d\'appeler maman à 18h". AIDE pour de l\'aide, STOP pour te désabonner.';
}
