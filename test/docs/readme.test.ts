import { join } from "node:path";
import { describeDoc, prepareWeather } from "./support/describe-doc.js";
import { DocSession } from "./support/doc-session.js";

// README.md is read in the repository root; `npm run demo` has set up examples/weather.
describeDoc("README.md", {
  session: () => DocSession.withWeatherExample(),
  setup: (session) => prepareWeather(session, join(session.root, "examples", "weather")),
});
