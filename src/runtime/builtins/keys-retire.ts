import { removeKey } from "../../engines/crypto/index.js";
import { countSealedWith } from "../../engines/storage/sealed/index.js";
import { KeyInUse } from "../../foundations/error-codes.js";
import type { BuiltinCommand } from "./builtin-command.js";

/**
 * `cairn keys retire ID`: removes a key from the key file once no stored value is
 * sealed with it; refused (CAIRN_KEY_IN_USE, with the counts) while any is, and for the
 * active key. Backups made with the key need it to be restored: keep a copy of the key
 * file while such backups are kept.
 */
export const keysRetire: BuiltinCommand = async (ctx, parameters, { database, spec, settings }) => {
  const id = String(parameters.key);
  const counts = await countSealedWith(database, spec, id);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > 0) {
    const where = Object.entries(counts)
      .map(([field, count]) => `${field}: ${String(count)}`)
      .join(", ");
    throw KeyInUse.create(`key '${id}' still seals ${String(total)} stored values (${where})`, {
      hint: "Activate another key and run 'cairn keys rotate', then retire this one.",
      details: { keyId: id, counts },
    });
  }
  removeKey(settings, id);
  ctx.success(
    `Retired key ${id}: no stored value uses it; backups made with it need a copy of it to be restored`,
  );
  return { key: id, retired: true };
};
