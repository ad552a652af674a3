import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { DecryptionError, KeyRing } from '../../schemas/keyring';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA } from '../../temporal/codec';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v);
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);

describe('the Temporal payload codec', () => {
  const sms = { body: 'mon NAS est 123 456 789', from: '+15145550100' };

  it('encrypts each payload whole: binary/encrypted, key id in the metadata, no plaintext left', async () => {
    const codec = new EncryptionCodec([k1]);
    const [encoded] = await codec.encode([toPayload(sms)]);
    expect(text(encoded!.metadata!.encoding)).to.equal(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata![KEY_ID_METADATA])).to.equal('k1');
    expect(Object.keys(encoded!.metadata!)).to.have.members(['encoding', KEY_ID_METADATA]); // json/plain is inside
    expect(Buffer.from(encoded!.data!).includes('123 456 789')).to.equal(false);
    expect(Buffer.from(encoded!.data!).includes('json/plain')).to.equal(false);
    const [decoded] = await codec.decode([encoded!]);
    expect(text(decoded!.metadata!.encoding)).to.equal('json/plain');
    expect(fromPayload(decoded!)).to.deep.equal(sms);
  });

  it('keeps empty lists and binary/null payloads intact', async () => {
    const codec = new EncryptionCodec([k1]);
    expect(await codec.encode([])).to.deep.equal([]);
    const payloads = [toPayload(undefined), toPayload(Uint8Array.from([1, 2, 3])), toPayload(null)];
    const back = await codec.decode(await codec.encode(payloads));
    expect(back.map(fromPayload)).to.deep.equal([undefined, Uint8Array.from([1, 2, 3]), null]);
  });

  it('passes through payloads that are not encrypted (histories recorded before encryption)', async () => {
    const plain = toPayload({ legacy: true });
    const [decoded] = await new EncryptionCodec([k1]).decode([plain]);
    expect(decoded).to.equal(plain);
  });

  it('decodes payloads written with an older key after a rotation, and writes with the new one', async () => {
    const [old] = await new EncryptionCodec([k1]).encode([toPayload(sms)]);
    const rotated = new EncryptionCodec([k2, k1]);
    expect(fromPayload((await rotated.decode([old!]))[0]!)).to.deep.equal(sms);
    const [fresh] = await rotated.encode([toPayload(sms)]);
    expect(text(fresh!.metadata![KEY_ID_METADATA])).to.equal('k2');
  });

  it('refuses a tampered payload and an unknown key id with DecryptionError', async () => {
    const codec = new EncryptionCodec([k1]);
    const [encoded] = await codec.encode([toPayload(sms)]);
    const data = Buffer.from(encoded!.data!);
    data[20]! ^= 0xff;
    let err: unknown = null;
    await codec.decode([{ ...encoded!, data }]).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DecryptionError);
    err = null;
    await new EncryptionCodec([k2]).decode([encoded!]).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DecryptionError).with.property('message').match(/unknown encryption key id "k1"/);
    // A payload ciphertext is bound to its use: the same bytes do not pass for a database field.
    const asColumn = `enc:v1:k1:${Buffer.from(encoded!.data!).toString('base64')}`;
    expect(() => new KeyRing([k1]).decryptText(asColumn, 'messages.body')).to.throw(DecryptionError);
  });
});
