/** Runs the CLI from source: `node --import tsx src/faces/cli/entry.ts ...` (dev and tests). */
import { main } from "./main.js";

await main();
