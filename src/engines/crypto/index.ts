export {
  BACKUP_FORMAT,
  DEFAULT_CHUNK_SIZE,
  type BackupFacts,
  type BackupHeader,
} from "./backup-header.js";
export { openBackupWriter, type BackupWriter, type BackupWriterOptions } from "./backup-writer.js";
export { activateKey, createKey, removeKey, writeKeyFile } from "./key-file.js";
export {
  activeKey,
  keyById,
  KEY_BYTES,
  type KeyEntry,
  type Keyring,
  type KeyringSource,
} from "./keyring.js";
export { checkKeyFileMode, loadKeyring, type KeyringSources } from "./load-keyring.js";
export { parseKeyFile, parseKeysText } from "./parse-keys.js";
export { readBackup, type BackupLine } from "./read-backup.js";
export { KeyringFieldCipher } from "./keyring-field-cipher.js";
export { KEYRING_SETTLE_MS, keyringSettled } from "./keyring-settled.js";
