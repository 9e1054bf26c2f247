import { sendNotification } from "../notify/send-notification.js";
import type { BuiltinCommand } from "./builtin-command.js";

/**
 * `notification send execution=ID`: queued when an execution ends and someone is to
 * hear of it; delivers the email and webhooks (see sendNotification). It runs outside
 * a transaction (OUTSIDE_TRANSACTION): it talks to servers that may be slow.
 */
export const notificationSend: BuiltinCommand = (ctx, parameters, services) =>
  sendNotification(
    {
      ctx,
      spec: services.spec,
      settings: services.settings,
      database: services.database,
      store: services.store,
    },
    String(parameters.execution),
  );
