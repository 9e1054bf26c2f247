import { join } from "node:path";
import { describeDoc, prepareWeather } from "./support/describe-doc.js";
import { DocSession } from "./support/doc-session.js";

// docs/cli.md starts in the repository root and changes into examples/weather itself.
describeDoc("docs/cli.md", {
  session: () => DocSession.withWeatherExample(),
  setup: (session) => prepareWeather(session, join(session.root, "examples", "weather")),
});
