import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { DecryptionError, KeyRing } from '../../schemas/keyring';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('the data key ring (AES-256-GCM)', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('round-trips text and bytes, with a fresh IV every time', () => {
    const ring = new KeyRing([k1]);
    const a = ring.encryptText('prendre mes médicaments à 20h 💊');
    const b = ring.encryptText('prendre mes médicaments à 20h 💊');
    expect(a).to.match(/^enc:v1:k1:[A-Za-z0-9+/=]+$/).and.not.equal(b);
    expect(ring.decryptText(a)).to.equal('prendre mes médicaments à 20h 💊');
    expect(KeyRing.isEncryptedText(a)).to.equal(true);
    expect(KeyRing.isEncryptedText('prendre mes médicaments')).to.equal(false);
    const bytes = Uint8Array.from([0, 1, 2, 255]);
    const sealed = ring.encryptBytes(bytes);
    expect(sealed.keyId).to.equal('k1');
    expect([...ring.decryptBytes(sealed.keyId, sealed.data)]).to.deep.equal([0, 1, 2, 255]);
    expect(ring.decryptText(ring.encryptText(''))).to.equal('');
  });

  it('encrypts with the first key and still decrypts what older keys wrote (rotation)', () => {
    const before = new KeyRing([k1]).encryptText('le code de mon casier est 4821');
    const rotated = new KeyRing([k2, k1]);
    expect(rotated.currentKeyId).to.equal('k2');
    expect(rotated.hasKey('k1')).to.equal(true);
    expect(rotated.decryptText(before)).to.equal('le code de mon casier est 4821');
    expect(rotated.encryptText('x')).to.match(/^enc:v1:k2:/);
  });

  it('refuses a tampered ciphertext, a wrong associated data and a truncated one with DecryptionError', () => {
    const ring = new KeyRing([k1]);
    const stored = ring.encryptText('+15145550100', 'users.phone');
    const raw = Buffer.from(stored.split(':')[3]!, 'base64');
    raw[raw.length - 1]! ^= 0x01;
    expect(() => ring.decryptText(`enc:v1:k1:${raw.toString('base64')}`, 'users.phone')).to.throw(DecryptionError, /authentication/);
    expect(() => ring.decryptText(stored, 'messages.body')).to.throw(DecryptionError);
    expect(() => ring.decryptText(stored)).to.throw(DecryptionError);
    expect(() => ring.decryptBytes('k1', Buffer.alloc(10))).to.throw(DecryptionError, /too short/);
    expect(() => ring.decryptText('hello')).to.throw(DecryptionError, /not an encrypted value/);
    expect(ring.decryptText(stored, 'users.phone')).to.equal('+15145550100');
  });

  it('names an unknown key id instead of guessing, and never decrypts with another key', () => {
    const stored = new KeyRing([k1]).encryptText('secret');
    expect(() => new KeyRing([k2]).decryptText(stored)).to.throw(DecryptionError, /unknown encryption key id "k1"/);
    // Same id, different key material (a deployment's keys mixed up): authentication fails.
    expect(() => new KeyRing([key('k1')]).decryptText(stored)).to.throw(DecryptionError, /authentication/);
  });

  it('rejects an empty ring and keys that are not 32 bytes', () => {
    expect(() => new KeyRing([])).to.throw(/at least one key/);
    expect(() => new KeyRing([{ id: 'short', key: randomBytes(16) }])).to.throw(/not 32 bytes/);
  });
});
