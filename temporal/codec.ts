import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type DataKey, KeyRing } from '../schemas/keyring';

/** The encoding of an encrypted payload; its metadata also names the key (`encryption-key-id`). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** Associated data: a payload ciphertext cannot pass for a database field, nor the reverse. */
const AAD = 'temporal.payload.v1';
/** Module with the `failureConverter` export: give it to bundleWorkflowCode for a prebuilt bundle. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : '');

/**
 * AES-256-GCM payload codec with the data key ring (DATA_ENCRYPTION_KEYS): every payload (workflow
 * and activity arguments and results, signals, queries, updates, memos, failure details) is
 * serialised whole (metadata included) and encrypted with the first key; decoding picks the key
 * named in the metadata, so payloads written before a rotation still decode. Payloads that are
 * not `binary/encrypted` pass through on decode: histories recorded before encryption (and the
 * replay fixtures in test/histories) still replay. Runs outside the workflow sandbox.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly #ring: KeyRing;

  constructor(keys: DataKey[] | KeyRing) {
    this.#ring = keys instanceof KeyRing ? keys : new KeyRing(keys);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const { keyId, data } = this.#ring.encryptBytes(temporal.api.common.v1.Payload.encode(payload).finish(), AAD);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(keyId) }, data };
    });
  }

  /** Throws DecryptionError (schemas/keyring.ts) for an unknown key id or a tampered payload. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
      const plain = this.#ring.decryptBytes(keyId, payload.data ?? new Uint8Array(), AAD);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The data converter of every client and worker of the product: encrypted payloads and failures. */
export function encryptedDataConverter(keys: DataKey[] | KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
