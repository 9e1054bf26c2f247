import { describeServedDoc } from "./support/describe-served-doc.js";

describeServedDoc("docs/data-api.md");
