import { describeDoc } from "./support/describe-doc.js";
import { DocSession } from "./support/doc-session.js";

// docs/getting-started.md starts in an empty directory with `cairn init myproject`.
describeDoc("docs/getting-started.md", { session: () => DocSession.empty() });
