// The secret-chat layer's pure parts: DH, message encryption, the secret TL codec and sequence numbers.
export { SecretChatError, type SecretChatFailure } from './errors';
export { checkDhConfig, checkDhValue, dhSharedKey, keyFingerprint, newKeyPair, TELEGRAM_DH_PRIME, type DhParams } from './dh';
export { DhConfigCache, type DhConfigResult } from './dh-config';
export { decryptSecretMessage, encryptSecretMessage, fingerprintOf, xForSender, type SecretX } from './message-crypto';
export { parseLayer, serializeLayer } from './codec';
export * from './schema';
export { SecretSequence, type Arrival, type SeqNumbers, type SeqSnapshot } from './sequence';
export { acceptRequest, beginRequest, completeRequest, type PendingRequest } from './handshake';
export { SecretChat, REKEY_AFTER_MESSAGES, REKEY_AFTER_MS, type SealedMessage, type SecretChatSnapshot } from './chat';
export { Rekey, type Exchange, type RekeyStep } from './rekey';
export { decryptFile, encryptFile, fileKeyFingerprint, newFileSecret, type FileSecret } from './file-crypto';
export { StateFile, stateDir, stateFileName, stateKey } from './state-file';
export { SecretChatService, type SecretChatRecord, type SecretEvents, type SecretServiceState, type StoredMessage, type WhatChanged } from './service';
