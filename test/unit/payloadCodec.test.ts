// The payload codec on its own: sealed payloads, plain ones passed through, key rotation, tampering.
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, encryptingDataConverter, parseCodecKey } from '../../codec/payloadCodec';

const keyA = 'a1'.repeat(32);
const keyB = Buffer.alloc(32, 7).toString('base64');
const payload = defaultPayloadConverter.toPayload({ operator: '欧阳锋', phone: '13607221111' })!;
const text = (p: { data?: Uint8Array | null }) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8');

describe('AES-GCM payload codec', () => {
  it('seals a payload (nothing readable, metadata included) and opens it again', async () => {
    const codec = new AesGcmPayloadCodec([keyA]);
    const [sealed] = await codec.encode([payload]);
    expect(text(sealed!)).not.toContain('13607221111');
    expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', 'encryption-key-id']);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ operator: '欧阳锋', phone: '13607221111' });
  });

  it('passes payloads written before the codec through; decrypts with an older key after rotation', async () => {
    const [sealedWithA] = await new AesGcmPayloadCodec([keyA]).encode([payload]);
    const rotated = new AesGcmPayloadCodec([keyB, keyA]);
    const [plain, old] = await rotated.decode([payload, sealedWithA!]);
    expect(plain).toBe(payload);
    expect(defaultPayloadConverter.fromPayload(old!)).toMatchObject({ phone: '13607221111' });
    await expect(new AesGcmPayloadCodec([keyB]).decode([sealedWithA!])).rejects.toThrow(/no payload codec key/);
  });

  it('refuses a tampered payload and a weak key; no key means no codec', async () => {
    const codec = new AesGcmPayloadCodec([keyA]);
    const [sealed] = await codec.encode([payload]);
    const data = Buffer.from(sealed!.data!);
    data[20]! ^= 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow();
    expect(() => parseCodecKey('secret')).toThrow(/32 bytes/);
    expect(encryptingDataConverter(undefined)).toBeUndefined();
    expect(encryptingDataConverter(`${keyA},${keyB}`)?.payloadCodecs).toHaveLength(1);
  });
});
