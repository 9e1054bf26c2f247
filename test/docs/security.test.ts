import { describeServedDoc } from "./support/describe-served-doc.js";

// Every sh line of docs/security.md, in order, with its curl lines served; the token the
// document exports stands for the one `cairn user token alice` printed.
describeServedDoc("docs/security.md");
