import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { isObject } from './canonicalRecord';
import { checkpointMessage, type Checkpoint, type CheckpointCrypto, type CheckpointPayload } from './checkpoint';

/** Ed25519 and SHA-256 for checkpoints through node:crypto: signing on the server, checking in the CLI. */

/** The public key as served at /checkpoints/public-key and given to `verify --public-key`. */
export interface PublishedKey {
  algorithm: 'Ed25519';
  /** SHA-256 (hex) of the 32 raw key bytes: what each checkpoint names. */
  keyId: string;
  /** The 32 raw key bytes (RFC 8032), hex. */
  publicKey: string;
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

function rawKey(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}

export function publishedKey(publicKey: KeyObject): PublishedKey {
  const raw = rawKey(publicKey);
  return { algorithm: 'Ed25519', keyId: sha256Hex(raw), publicKey: raw.toString('hex') };
}

/** An Ed25519 public key from its 32 raw bytes (hex). */
const keyObject = (publicKeyHex: string) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });

/**
 * Reads a published key (JSON as served, or one entry of /checkpoints/public-keys); throws with
 * the reason when it is not one.
 */
export function readPublishedKey(value: unknown): PublishedKey {
  if (!isObject(value) || value.algorithm !== 'Ed25519' || typeof value.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(value.publicKey)) {
    throw new Error('not an Ed25519 public key as /checkpoints/public-key serves it ({"algorithm":"Ed25519","keyId":…,"publicKey":<64 hex digits>})');
  }
  const key = publishedKey(keyObject(value.publicKey));
  if (value.keyId !== key.keyId) throw new Error('its keyId is not the SHA-256 of its publicKey');
  return key;
}

/** Checks signatures by any key the checker names (each key imported once). */
export function nodeCheckpointCrypto(): CheckpointCrypto {
  const keys = new Map<string, KeyObject | null>();
  const imported = (hex: string) => {
    if (!keys.has(hex)) {
      try {
        keys.set(hex, keyObject(hex));
      } catch {
        keys.set(hex, null); // 32 bytes that are no Ed25519 point: nothing verifies with them
      }
    }
    return keys.get(hex)!;
  };
  return {
    sha256Hex,
    keyIdOf: (publicKeyHex) => sha256Hex(Buffer.from(publicKeyHex, 'hex')),
    verify: (publicKeyHex, message, signatureHex) => {
      const key = imported(publicKeyHex);
      return key !== null && verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
    },
  };
}

/** Hashes and signs a payload: the complete checkpoint. */
export function signCheckpoint(payload: CheckpointPayload, privateKey: KeyObject): Checkpoint {
  const message = checkpointMessage(payload);
  return {
    ...payload,
    hash: sha256Hex(message),
    signature: sign(null, Buffer.from(message, 'utf8'), privateKey).toString('hex'),
  } as Checkpoint;
}
