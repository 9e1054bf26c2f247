import { describeDoc } from "./support/describe-doc.js";
import { DocSession } from "./support/doc-session.js";

// docs/encryption.md starts in an empty directory with `cairn init shop`.
describeDoc("docs/encryption.md", { session: () => DocSession.empty() });
