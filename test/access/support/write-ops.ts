import { command, commandAsForm, type Call } from "./http-calls.js";

/** One change to a document or notice, on some face; `id` finds a seeded document's row id. */
export interface WriteOp {
  readonly name: string;
  call(id: (document: string) => number): Call;
}

/** Every way to change a row: data API writes, resource commands, `cairn --host`. */
export const WRITE_OPS: readonly WriteOp[] = [
  {
    name: "POST /data/document",
    call: () => ({ method: "POST", url: "/data/document", payload: { name: "intruder" } }),
  },
  {
    name: "POST /data/document (an array, upserting)",
    call: () => ({
      method: "POST",
      url: "/data/document?on_conflict=update",
      payload: [{ name: "d-nobody", body: "hacked", owner: "nora" }, { name: "intruder" }],
    }),
  },
  {
    name: "PATCH /data/document/:id",
    call: (id) => ({
      method: "PATCH",
      url: `/data/document/${String(id("d-ann"))}`,
      payload: { body: "hacked", groups: ["empty"] },
    }),
  },
  {
    name: "DELETE /data/document/:id",
    call: (id) => ({ method: "DELETE", url: `/data/document/${String(id("d-ann"))}` }),
  },
  {
    name: "command document save (existing)",
    call: () => command("document save", { key: "d-staff", body: "hacked", owner: "nora" }),
  },
  {
    name: "command document save (new)",
    call: () => command("document save", { key: "intruder" }),
  },
  { name: "command document remove", call: () => command("document remove", { key: "d-ann" }) },
  {
    name: "command document clear --force",
    call: () => command("document clear", { force: true }),
  },
  {
    name: "cairn --host document save",
    call: () => commandAsForm("document save", { key: "d-bob", body: "hacked" }),
  },
  {
    name: "cairn --host document clear --force",
    call: () => commandAsForm("document clear", { force: "true", name: "d-bob" }),
  },
  {
    name: "POST /data/notice (a public model)",
    call: () => ({ method: "POST", url: "/data/notice", payload: { title: "spam" } }),
  },
  { name: "command notice remove", call: () => command("notice remove", { key: "welcome" }) },
];
