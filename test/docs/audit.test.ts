import { describeServedDoc } from "./support/describe-served-doc.js";

// Every sh line of docs/audit.md, in order, with its curl lines served.
describeServedDoc("docs/audit.md");
