import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { EncryptedText, FieldCrypto, PHONE_INDEX } from '../../schemas/field-crypto';
import { DecryptionError } from '../../schemas/keyring';
import { indexTerms, queryIndexTerm, searchTerms } from '../../language/search';

function crypto(keys = [{ id: 'k1', key: randomBytes(32) }], indexKey = randomBytes(32)): FieldCrypto {
  const c = new FieldCrypto(keys);
  c.setIndexKey(indexKey);
  return c;
}

describe('field encryption primitives', () => {
  it('indexes every 3-to-20-letter prefix of a word, and short words whole', () => {
    expect(indexTerms("Le CASIER: 4821, niveau 3!")).to.deep.equal(['w:le', 'p:cas', 'p:casi', 'p:casie', 'p:casier', 'p:482', 'p:4821', 'p:niv', 'p:nive', 'p:nivea', 'p:niveau', 'w:3']);
    expect(indexTerms('a'.repeat(30))).to.have.length(18);
    expect(queryIndexTerm('casier')).to.equal('p:casier');
    expect(queryIndexTerm('3')).to.equal('w:3');
    expect(queryIndexTerm('x'.repeat(25))).to.equal(`p:${'x'.repeat(20)}`);
    // What a query looks up is always among what the matching fact stored.
    const stored = indexTerms("l'adresse de ma sœur est 12 rue Sainte-Catherine");
    for (const term of searchTerms('adresses soeur catherine')) expect(stored).to.include(queryIndexTerm(term));
  });

  it('turns index terms into per-person keyed tokens, letters a–p only, stable for the same key', () => {
    const index = randomBytes(32);
    const a = crypto(undefined, index);
    const b = crypto(undefined, index); // another process, same index key: same tokens
    const text = 'le code de mon casier est 4821';
    const tokens = a.memorySearchText('u1', text);
    expect(tokens).to.match(/^[a-p]{16}( [a-p]{16})*$/).and.not.include('casier');
    expect(tokens.split(' ')).to.have.length(indexTerms(text).length);
    expect(b.memorySearchText('u1', text)).to.equal(tokens);
    expect(a.memorySearchText('u2', text)).to.not.equal(tokens);
    expect(tokens.split(' ')).to.include(a.memoryQueryToken('u1', 'casi'));
    expect(tokens.split(' ')).to.not.include(a.memoryQueryToken('u2', 'casi'));
    expect(crypto().memorySearchText('u1', text)).to.not.equal(tokens); // another index key
  });

  it('keeps the blind index independent of the data keys, so a rotation never changes it', () => {
    const index = randomBytes(32);
    const old = { id: 'old', key: randomBytes(32) };
    const before = crypto([old], index).blindIndex(PHONE_INDEX, '+15145550100');
    const after = crypto([{ id: 'new', key: randomBytes(32) }, old], index).blindIndex(PHONE_INDEX, '+15145550100');
    expect(before).to.match(/^[0-9a-f]{64}$/).and.equal(after);
    expect(crypto([old], index).blindIndex('other.purpose', '+15145550100')).to.not.equal(before);
  });

  it('wraps the index key with the ring, and says clearly when it is not loaded', () => {
    const c = crypto();
    const key = randomBytes(32);
    const wrapped = c.wrapIndexKey(key);
    expect(wrapped).to.match(/^enc:v1:k1:/);
    expect(c.unwrapIndexKey(wrapped).equals(key)).to.equal(true);
    expect(() => new FieldCrypto([{ id: 'k1', key: randomBytes(32) }]).blindIndex(PHONE_INDEX, 'x')).to.throw(/not migrated yet/);
  });

  it('binds a column value to its column, and reads legacy plaintext as it is', () => {
    const c = crypto();
    const stored = c.encrypt('messages.body', 'allo');
    expect(c.decrypt('messages.body', stored)).to.equal('allo');
    expect(() => c.decrypt('tasks.title', stored)).to.throw(DecryptionError);
    expect(c.decrypt('messages.body', 'written before encryption')).to.equal('written before encryption');
    expect(c.isCurrent(stored)).to.equal(true);
  });

  it('compares encrypted values by their plaintext, so a fresh IV is not a change', () => {
    const c = crypto();
    const type = new EncryptedText('messages.body');
    const a = c.encrypt('messages.body', 'même texte');
    const b = c.encrypt('messages.body', 'même texte');
    expect(a).to.not.equal(b);
    expect(type.compareValues(a, b)).to.equal(true);
    expect(type.compareValues(a, c.encrypt('messages.body', 'autre texte'))).to.equal(false);
    expect(type.compareValues(a, null)).to.equal(false);
    expect(type.compareValues('enc:v1:k1:never-seen', 'enc:v1:k1:never-seen-either')).to.equal(false); // unknown: treated as changed
  });
});
