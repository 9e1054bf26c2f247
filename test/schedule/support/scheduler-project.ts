import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/**
 * A project for scheduler tests: `job note` does nothing, `job nap` sleeps `ms`, `job
 * visit` takes a `station` key (so removing the station breaks a schedule's parameters).
 */
export function writeSchedulerProject(): TempTree {
  return writeTempTree("scheduler", {
    "cairn.yml": "name: clockwork\nversion: 0.1.0\n",
    "spec/models.yml": `
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
    ordering: [number]
`,
    "spec/commands.yml": `
commands:
  job:
    note:
      handler: handlers/job.mjs#note
      parameters:
        label: {type: string, max_length: 40}
    nap:
      handler: handlers/job.mjs#nap
      queue: naps
      priority: 3
      parameters:
        ms: {type: integer, required: true, min: 0}
    visit:
      handler: handlers/job.mjs#note
      parameters:
        station: {type: key, model: station, required: true}
`,
    "handlers/job.mjs": `
export function note() {}
export async function nap(_ctx, { ms }) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
`,
  });
}
