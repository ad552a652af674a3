import { expect } from 'chai';
import { detectIntegrationIntent } from '../../../language/brain/integrations';
import { detectTaskProperties, notionVersion } from '../../../services/integrations/notion';
import { pickTarget } from '../../../activities/integrations/notion-picker';

const ctx = { now: new Date('2026-12-01T19:00:00Z'), timezone: 'America/Toronto' };
const intent = (text: string) => detectIntegrationIntent(text, ctx);
const choose = (kind: string, name: string | null, number: number | null) => ({ tool: 'external', activity: 'chooseNotionTarget', input: { kind, name, number }, once: true });

describe('the Notion picker', () => {
  it('understands "mes pages Notion" / "my Notion databases" as a listing', () => {
    for (const [text, kind, language] of [
      ['mes pages Notion', 'page', 'fr'],
      ['Montre-moi mes bases de données Notion', 'database', 'fr'],
      ['mes bases Notion?', 'database', 'fr'],
      ['my Notion databases', 'database', 'en'],
      ['show me my notion pages', 'page', 'en'],
      ['what are my databases in Notion', 'database', 'en'],
    ] as const) {
      expect(intent(text), text).to.deep.equal({ call: { tool: 'external', activity: 'listNotionTargets', input: { kind }, once: false }, language });
    }
  });

  it('understands a choice by name (as written) or by number', () => {
    expect(intent('utilise la base Tâches pour mes tâches')).to.deep.equal({ call: choose('database', 'Tâches', null), language: 'fr' });
    expect(intent('utilise la base 2 pour mes tâches')).to.deep.equal({ call: choose('database', null, 2), language: 'fr' });
    expect(intent('prends la base de données "Suivi perso"')).to.deep.equal({ call: choose('database', 'Suivi perso', null), language: 'fr' });
    expect(intent('use the Tasks database for my tasks')).to.deep.equal({ call: choose('database', 'Tasks', null), language: 'en' });
    expect(intent('use database 3 for my tasks')).to.deep.equal({ call: choose('database', null, 3), language: 'en' });
    expect(intent('note dans la page Journal')).to.deep.equal({ call: choose('page', 'Journal', null), language: 'fr' });
    expect(intent('note dans la page 1')).to.deep.equal({ call: choose('page', null, 1), language: 'fr' });
    expect(intent('utilise la page Idées de cadeaux pour mes notes')).to.deep.equal({ call: choose('page', 'Idées de cadeaux', null), language: 'fr' });
    expect(intent('use page 2 for my notes')).to.deep.equal({ call: choose('page', null, 2), language: 'en' });
  });

  it('leaves notes to Notion to the note tool', () => {
    expect(intent('note ça dans Notion: idée cadeau')!.call).to.deep.equal({ tool: 'noteToNotion', text: 'idée cadeau' });
    expect(intent('note dans ma page Notion: rappeler Paul')!.call).to.deep.equal({ tool: 'noteToNotion', text: 'rappeler Paul' });
  });

  it('picks by accent- and case-insensitive name, a unique partial name, or the number', () => {
    const list = [
      { id: 'a', title: 'Lectures' },
      { id: 'b', title: 'Tâches maison' },
      { id: 'c', title: 'Tâches' },
      { id: 'd', title: 'Projets pro' },
      { id: 'e', title: 'Projets perso' },
    ];
    expect(pickTarget(list, { name: 'taches', number: null })).to.deep.equal({ found: list[2] });
    expect(pickTarget(list, { name: 'LECTURE', number: null })).to.deep.equal({ found: list[0] });
    expect(pickTarget(list, { name: 'maison', number: null })).to.deep.equal({ found: list[1] });
    expect(pickTarget(list, { name: 'projets', number: null })).to.deep.equal({ ambiguous: [list[3], list[4]] });
    expect(pickTarget(list, { name: 'jardin', number: null })).to.deep.equal({ none: true });
    expect(pickTarget(list, { name: null, number: 4 })).to.deep.equal({ found: list[3] });
    expect(pickTarget(list, { name: null, number: 9 })).to.deep.equal({ none: true });
  });

  it('detects the title and done properties of a database', () => {
    const title = { Name: { name: 'Name', type: 'title' } };
    expect(detectTaskProperties({ ...title, Urgent: { name: 'Urgent', type: 'checkbox' }, Fait: { name: 'Fait', type: 'checkbox' } })).to.deep.equal({
      titleProperty: 'Name',
      doneProperty: { property: 'Fait', type: 'checkbox' },
    });
    const status = {
      name: 'Statut',
      type: 'status',
      status: {
        options: [{ id: '1', name: 'Pas commencé' }, { id: '2', name: 'En cours' }, { id: '3', name: 'Terminé' }, { id: '4', name: 'Abandonné' }],
        groups: [{ name: 'To-do', option_ids: ['1'] }, { name: 'In progress', option_ids: ['2'] }, { name: 'Complete', option_ids: ['3', '4'] }],
      },
    };
    expect(detectTaskProperties({ ...title, Statut: status })).to.deep.equal({
      titleProperty: 'Name',
      doneProperty: { property: 'Statut', type: 'status', done: ['Terminé', 'Abandonné'], open: 'Pas commencé' },
    });
    const select = { name: 'État', type: 'select', select: { options: [{ id: '1', name: 'À faire' }, { id: '2', name: 'Fait' }] } };
    expect(detectTaskProperties({ ...title, État: select })!.doneProperty).to.deep.equal({ property: 'État', type: 'select', done: ['Fait'], open: 'À faire' });
    expect(detectTaskProperties({ ...title, Notes: { name: 'Notes', type: 'rich_text' } })).to.equal(null);
  });

  it('stamps a row with its minute-grained edit time plus a hash of what is synced', () => {
    const at = '2026-12-02T05:13:00.000Z';
    expect(notionVersion(at, 'lait', 'open')).to.match(/^2026-12-02T05:13:00\.000Z#[0-9a-f]{10}$/);
    expect(notionVersion(at, 'lait', 'open')).not.to.equal(notionVersion(at, 'lait', 'done'));
    expect(notionVersion(at, 'lait', 'open').length).to.be.at.most(40);
  });
});
