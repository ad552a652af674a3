import { expect } from 'chai';
import { needsConsent } from '../../../services/privacy/consent';
import { privacyPlan } from '../../../activities/privacy/plan';
import { detectPrivacy, isHealthRelated } from '../../../language/privacy';

const none = { consent: false, deletion: false };

describe('privacy phrases', () => {
  it('reads the privacy commands in French and English, whole message only', () => {
    expect(detectPrivacy('Exporte mes données', none)).to.deep.equal({ action: 'export', language: 'fr' });
    expect(detectPrivacy('export my data please', none)).to.deep.equal({ action: 'export', language: 'en' });
    expect(detectPrivacy('supprime mon compte!', none)).to.deep.equal({ action: 'deleteAccount', language: 'fr' });
    expect(detectPrivacy('Delete my account', none)).to.deep.equal({ action: 'deleteAccount', language: 'en' });
    expect(detectPrivacy('Je retire mon consentement.', none)).to.deep.equal({ action: 'revokeConsent', language: 'fr' });
    expect(detectPrivacy('withdraw my consent', none)).to.deep.equal({ action: 'revokeConsent', language: 'en' });
    expect(detectPrivacy('rappelle-moi de supprimer mon compte Netflix demain', none)).to.equal(null);
  });

  it('hears OUI / NON only while a consent question is pending', () => {
    expect(detectPrivacy('OUI', none)).to.equal(null);
    expect(detectPrivacy('oui', { consent: true, deletion: false })).to.deep.equal({ action: 'consentYes', language: 'fr' });
    expect(detectPrivacy('Yes please', { consent: true, deletion: false })).to.deep.equal({ action: 'consentYes', language: 'en' });
    expect(detectPrivacy('Non merci', { consent: true, deletion: false })).to.deep.equal({ action: 'consentNo', language: 'fr' });
    expect(detectPrivacy('no', { consent: true, deletion: false })).to.deep.equal({ action: 'consentNo', language: 'en' });
    expect(detectPrivacy('oui mais demain', { consent: true, deletion: false })).to.equal(null);
  });

  it('hears the deletion code only while one is pending', () => {
    expect(detectPrivacy('SUPPRIMER 4821', none)).to.equal(null);
    expect(detectPrivacy('SUPPRIMER 4821', { consent: false, deletion: true })).to.deep.equal({ action: 'confirmDeletion', language: 'fr', code: '4821' });
    expect(detectPrivacy('delete 0042.', { consent: false, deletion: true })).to.deep.equal({ action: 'confirmDeletion', language: 'en', code: '0042' });
  });

  it('tells health-related reminders from the others', () => {
    for (const text of ['prendre mes médicaments', 'prendre ma pilule', 'rendez-vous chez le médecin', 'appeler ma psy', 'take my meds', 'pick up my prescription', 'dentist at 3', 'prendre mon Vyvanse']) {
      expect(isHealthRelated(text), text).to.equal(true);
    }
    for (const text of ['sortir les poubelles', 'appeler maman', 'pack my gym bag', 'payer le loyer', 'medium pizza']) {
      expect(isHealthRelated(text), text).to.equal(false);
    }
    expect(needsConsent({ tool: 'remember', fact: 'le code de mon casier est 4821' })).to.equal(true);
    expect(needsConsent({ tool: 'createReminder', text: 'sortir les poubelles', dueAt: '2026-12-02T01:00:00Z', rrule: null, explicitTime: true })).to.equal(false);
  });

  it('turns a pending question\'s answer into the privacy tool, and leaves stale questions to the brain', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const asked = { consentPending: '{"tool":"remember","fact":"x"}', consentPendingAt: new Date('2026-12-02T11:59:00Z'), deletionCodeHash: null, deletionCodeExpiresAt: null };
    expect(privacyPlan(asked, 'OUI', now)).to.deep.equal({ language: 'fr', kind: 'tool', call: { tool: 'privacy', action: 'consentYes' } });
    const stale = { ...asked, consentPendingAt: new Date('2026-11-30T12:00:00Z') };
    expect(privacyPlan(stale, 'OUI', now)).to.equal(null);
    const expired = { ...asked, deletionCodeHash: 'h', deletionCodeExpiresAt: new Date('2026-12-02T11:00:00Z') };
    expect(privacyPlan(expired, 'SUPPRIMER 1234', now)).to.equal(null);
  });
});
