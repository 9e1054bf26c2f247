import { describeServedDoc } from "./support/describe-served-doc.js";

describeServedDoc("docs/command-api.md");
