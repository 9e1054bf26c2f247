// Sets up the example project on the embedded SQLite default and serves it:
// migrate the schema, load sample data through the example module's own command, serve.
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cairn = join(root, "bin", "cairn.js");
const project = join(root, "examples", "weather");
const env = { ...process.env, CAIRN_PROJECT: project };

function step(args) {
  console.log(`\n$ cairn ${args.join(" ")}`);
  const result = spawnSync(process.execPath, [cairn, ...args], { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`\ncairn ${args.join(" ")} failed (exit ${String(result.status)})`);
    process.exit(result.status ?? 1);
  }
}

step(["db", "migrate"]);
step(["weather", "sample"]);
step(["station", "list", "--limit", "5"]);
console.log("\n$ cairn serve   (Ctrl-C to stop)");
const server = spawn(process.execPath, [cairn, "serve", ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code) => process.exit(code ?? 0));
