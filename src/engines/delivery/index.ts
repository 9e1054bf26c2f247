/** Delivery to the outside world: email over SMTP and signed webhook POSTs. */
export { sendMail, type MailMessage, type MailReceipt, type MailTimeouts } from "./smtp-mailer.js";
export { postWebhook, WebhookRefused, type WebhookDelivery } from "./webhook-post.js";
export {
  signWebhook,
  verifyWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from "./webhook-signature.js";
