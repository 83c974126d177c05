// Payload encryption for everything the worker and the clients send to Temporal (workflow inputs,
// results, Signals, Updates, Queries, activity arguments and results, memos): AES-256-GCM
// under PAYLOAD_CODEC_KEY, so a Temporal history, its database and the Web UI hold ciphertext only.
// Payloads are encrypted whole (metadata included); the key id names the key so keys can rotate: the
// first key encrypts, every key listed decrypts. An administrator decodes with scripts/codecServer.ts.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const { temporal } = proto;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Key {
  id: string;
  bytes: Buffer;
}

/** A key is 32 random bytes written as 64 hex characters (or base64); anything weaker is refused. */
export function parseCodecKey(text: string): Key {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new Error('PAYLOAD_CODEC_KEY must be 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 16), bytes };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : '');

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Key[];

  /** `keys`: the current key first, then older ones still needed to read old histories. */
  constructor(keys: string[]) {
    if (!keys.length) throw new Error('AesGcmPayloadCodec needs a key');
    this.keys = keys.map(parseCodecKey);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
      const sealed = Buffer.concat([cipher.update(temporal.api.common.v1.Payload.encode(payload).finish()), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(key.id) },
        data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // Payloads written before the codec was installed stay readable as they are.
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID]);
      const key = this.keys.find((k) => k.id === id);
      if (!key) throw new Error(`no payload codec key with id ${id}`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * The data converter of the worker and of every client (`keys`: PAYLOAD_CODEC_KEY, comma-separated,
 * current first). Without a key, the SDK's defaults. Failure messages are not payloads and stay
 * readable: workflows and activities never put personal data in them.
 */
export function encryptingDataConverter(keys: string | string[] | undefined): DataConverter | undefined {
  const list = (Array.isArray(keys) ? keys : (keys ?? '').split(',')).map((k) => k.trim()).filter(Boolean);
  if (!list.length) return undefined;
  return { payloadCodecs: [new AesGcmPayloadCodec(list)] };
}
