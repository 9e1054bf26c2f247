import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/** The token CAIRN_ADMIN_TOKEN is set to: it acts as the `admin` user. */
export const ADMIN_TOKEN = "access-admin-token-0123456789";

/**
 * Documents with every kind of protection: model roles (view `reader`, edit `editor`),
 * a field only `finance` may see, a hidden field, and row-level rules through `owner`
 * and `groups`. `notice` is public to read; `report` needs the role `runner`; `hello`
 * may be run by any user with a token.
 */
const MODELS = `
roles:
  reader: {help: Reads documents shared with them}
  editor: {help: Changes documents}
  finance: {help: Sees salaries}
  runner: {help: Runs reports}

models:
  document:
    fields:
      name: {type: string, max_length: 100, required: true}
      body: {type: text}
      salary: {type: integer, view: [finance]}
      secret: {type: string, max_length: 100, hidden: true}
    relations:
      owner: {model: user}
      groups: {model: group, multiple: true}
    ordering: [name]
    roles: {view: [reader], edit: [editor]}
  notice:
    key: title
    fields:
      title: {type: string, max_length: 100, required: true}
    ordering: [title]
    roles: {view: [public], edit: [editor]}
`;

const COMMANDS = `
commands:
  report:
    handler: handlers/report.mjs#report
    roles: [runner]
    help: Say hello to the runners
    parameters:
      text: {type: string, max_length: 200}
  hello:
    handler: handlers/report.mjs#hello
    roles: [public]
    help: Anyone with a token may run it
    parameters:
      text: {type: string}
`;

const HANDLERS = `
export async function report(ctx, { text }) {
  ctx.info("report ran");
  return { text: text ?? null };
}

export async function hello(ctx, { text }) {
  ctx.info("hello " + String(text ?? ""));
  return null;
}
`;

export function writeAccessProject(): TempTree {
  return writeTempTree("access", {
    "cairn.yml": "name: accessfix\nversion: 1.0.0\n",
    "spec/models.yml": MODELS,
    "spec/commands.yml": COMMANDS,
    "handlers/report.mjs": HANDLERS,
  });
}

/** A group: its roles and parent. */
export interface GroupSeed {
  readonly roles?: string;
  readonly parent?: string;
}

/**
 * The groups: `team-a` holds nothing itself but is a child of `staff`, so its members
 * are readers through their parent group and see rows shared with `staff`.
 */
export const GROUPS: Readonly<Record<string, GroupSeed>> = {
  staff: { roles: "reader" },
  "team-a": { parent: "staff" },
  "team-b": { roles: "reader" },
  finance: { roles: "finance,reader" },
  editors: { roles: "editor" },
  runners: { roles: "runner" },
  auditors: { roles: "auditor" },
  "user-admins": { roles: "user-admin" },
  admins: { roles: "admin" },
  empty: {},
};

/** A user: their groups and whether they are active. */
export interface UserSeed {
  readonly groups: readonly string[];
  readonly active?: boolean;
}

export const USERS: Readonly<Record<string, UserSeed>> = {
  ann: { groups: ["team-a"] },
  bob: { groups: ["team-b"] },
  fay: { groups: ["finance"] },
  eve: { groups: ["editors"] },
  rex: { groups: ["runners"] },
  aud: { groups: ["auditors"] },
  uma: { groups: ["user-admins"] },
  boss: { groups: ["admins"] },
  nora: { groups: ["empty"] },
  ina: { groups: ["staff"], active: false },
};

/** A document: its owner and the groups it is shared with. */
export interface DocumentSeed {
  readonly owner?: string;
  readonly groups?: readonly string[];
}

export const DOCUMENTS: Readonly<Record<string, DocumentSeed>> = {
  "d-ann": { owner: "ann" },
  "d-bob": { owner: "bob" },
  "d-staff": { groups: ["staff"] },
  "d-team-b": { groups: ["team-b"] },
  "d-finance": { groups: ["finance"] },
  "d-nobody": {},
};

export const DOCUMENT_NAMES: readonly string[] = Object.keys(DOCUMENTS).sort();

/** A salary that appears nowhere else, so a body containing it leaked it. */
export function salaryOf(name: string): number {
  return 7_340_000 + DOCUMENT_NAMES.indexOf(name) * 17;
}

/** A secret that appears nowhere else. */
export function secretOf(name: string): string {
  return `SeCrEt-${name}-x9q`;
}
