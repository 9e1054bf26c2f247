/**
 * Another process on the same database: starts a command (by default one holding the
 * `demo-lock` lock until aborted), prints `{"execution": id}`, then `{"status": ...}`
 * when it ends. Usage: node --import tsx hold-lock.ts PROJECT_DIR DATABASE_URL [COMMAND]
 */
import { loadSettings } from "../../../src/foundations/settings.js";
import { openRuntime } from "../../../src/runtime/index.js";

const [dir = "", url = "", command = "demo locked"] = process.argv.slice(2);
const runtime = await openRuntime(loadSettings({ env: { CAIRN_DATABASE_URL: url }, cwd: dir }), {
  abortPollMs: 50,
  abortGraceMs: 500,
});
const running = await runtime.start({ command, parameters: {}, origin: "cli" });
process.stdout.write(`${JSON.stringify({ execution: running.id })}\n`);
for await (const message of running.messages) {
  if (message.type === "status") break;
}
const status = await running.finished;
process.stdout.write(`${JSON.stringify({ status })}\n`);
await runtime.close();
