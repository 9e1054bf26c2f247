import {
  KEYRING_SETTLE_MS,
  KeyringFieldCipher,
  keyringSettled,
} from "../../engines/crypto/index.js";
import { countNotSealedWith, rotateSealed } from "../../engines/storage/sealed/index.js";
import type { BuiltinCommand } from "./builtin-command.js";

/**
 * `cairn keys rotate [--batch N]`: every encrypted value resealed under the active key,
 * batch by batch, each batch committed on its own; run it again after an interruption
 * and it carries on where the data says it stopped. The keyring is read afresh, so the
 * key just activated is the one used.
 */
export const keysRotate: BuiltinCommand = async (ctx, parameters, { database, spec, settings }) => {
  const cipher = new KeyringFieldCipher(settings);
  const keyId = cipher.activeKeyId();
  // Running servers must hold the new key before values move to it (see keyringSettled).
  const waited = await keyringSettled(settings, ctx.signal);
  if (waited > 0) {
    ctx.info(
      `waited ${String(waited)} ms so running servers and workers read the changed key file (${String(KEYRING_SETTLE_MS)} ms after a change)`,
    );
  }
  const total = await countNotSealedWith(database, spec, keyId);
  ctx.info(
    `${String(total)} encrypted ${total === 1 ? "value is" : "values are"} not under key ${keyId}`,
  );
  let done = 0;
  const outcome = await rotateSealed(database, spec, cipher, {
    batch: Number(parameters.batch ?? 500),
    signal: ctx.signal,
    onBatch: (model, rows) => {
      done += rows;
      ctx.progress(Math.min(done, total), total, model);
    },
  });
  const rows = Object.values(outcome.rows).reduce((a, b) => a + b, 0);
  const remaining = await countNotSealedWith(database, spec, keyId);
  if (remaining > 0) {
    ctx.warning(
      `${String(remaining)} values are still under other keys (written while this ran); run 'cairn keys rotate' again`,
    );
  }
  ctx.success(
    `Rotated ${String(rows)} ${rows === 1 ? "row" : "rows"} to key ${keyId} in ${String(outcome.passes)} ${outcome.passes === 1 ? "pass" : "passes"}`,
  );
  return { key: keyId, rows: outcome.rows, passes: outcome.passes, remaining };
};
