#!/usr/bin/env node
// The installed `cairn` command: the compiled CLI (npm run build writes dist/).
import { main } from "../dist/faces/cli/main.js";

await main(process);
