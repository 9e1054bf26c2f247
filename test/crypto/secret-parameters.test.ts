import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { loadSettings } from "../../src/foundations/settings.js";
import { openRuntime, type Runtime } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import { collect } from "../runtime/support/collect.js";
import { FAST } from "../runtime/support/use-queue-runtime.js";
import { ENCRYPTED_MODELS, failure, newKey } from "./encrypted-project.js";

const SECRET = "hunter2-s3cr3t-value";
const REVERSED = Array.from(SECRET).reverse().join("");

let tree: TempTree;
beforeAll(() => {
  tree = writeTempTree("secrets", {
    "cairn.yml": "name: vault\nversion: 1.0.0\n",
    "spec/models.yml": ENCRYPTED_MODELS,
    "spec/schedules.yml": [
      "schedules:",
      "  spec-login:",
      "    command: login",
      "    parameters: {user: spec, token: written-in-the-spec}",
      "    schedule: every 1h",
    ].join("\n"),
    "spec/commands.yml": [
      "commands:",
      "  login:",
      "    handler: handlers/login.ts#login",
      "    parameters:",
      "      user: {type: string, required: true}",
      "      token: {type: secret, required: true}",
      "  readcfg:",
      "    handler: handlers/login.ts#readcfg",
      "  printcfg:",
      "    handler: handlers/login.ts#printcfg",
      "  leak:",
      "    handler: handlers/login.ts#leak",
      "    parameters:",
      "      token: {type: secret, required: true}",
    ].join("\n"),
    "handlers/login.ts": [
      "export async function login(ctx: any, { user, token }: { user: string; token: string }) {",
      "  ctx.info(`logging in ${user} with ${token}`);",
      "  ctx.data({ token, nested: [`x${token}x`] });",
      '  return { reversed: [...token].reverse().join(""), echoed: token };',
      "}",
      "export async function readcfg(ctx: any) {",
      '  const value = await ctx.config("api_key");',
      '  return [...String(value)].reverse().join("");',
      "}",
      "export async function printcfg(ctx: any) {",
      '  const value = await ctx.config("api_key");',
      "  ctx.info(`calling with key ${value}`);",
      "  ctx.data({ key: value });",
      "  return { key: value, shown: `[${value}]` };",
      "}",
      "export async function leak(ctx: any, { token }: { token: string }) {",
      "  throw new Error(`refused token ${token}`);",
      "}",
    ].join("\n"),
  });
});
afterAll(() => {
  tree.remove();
});

describeEachBackend("secret parameters", (fixture) => {
  let runtime: Runtime;
  let records: RecordStore | undefined;
  const store = () => {
    records ??= createRecordStore(fixture.database(), runtime.spec);
    return records;
  };
  const open = (keys: string) =>
    openRuntime(
      loadSettings({
        env: { CAIRN_DATABASE_URL: fixture.url(), CAIRN_KEYS: keys },
        cwd: tree.dir,
      }),
      FAST,
    );
  const rawText = async () => {
    const db = fixture.database().db;
    const rows = [
      ...(await sql`SELECT * FROM execution`.execute(db)).rows,
      ...(await sql`SELECT * FROM execution_message`.execute(db)).rows,
      ...(await sql`SELECT * FROM config`.execute(db)).rows,
      ...(await sql`SELECT * FROM audit_entry`.execute(db)).rows,
    ];
    return JSON.stringify(rows, (_, value: unknown) =>
      typeof value === "bigint" ? String(value) : value,
    );
  };

  beforeAll(async () => {
    await migrateDatabase(fixture.database(), await loadProjectSpec(tree.dir));
    runtime = await open(newKey("k1"));
  });
  afterAll(async () => {
    await runtime.close();
  });

  it("gives the handler the secret, and shows *** in messages, results and the record", async () => {
    const running = await runtime.start({
      command: "login",
      parameters: { user: "ada", token: SECRET },
      origin: "api",
    });
    const messages = await collect(running.messages);
    expect(messages[0]).toMatchObject({ type: "info", text: "logging in ada with ***" });
    expect(messages[1]).toMatchObject({ type: "data", value: { token: "***", nested: ["x***x"] } });
    expect(messages.at(-1)).toMatchObject({
      status: "success",
      result: { reversed: REVERSED, echoed: "***" },
    });
    const [row] = await store().list("execution", {
      filters: [{ path: "id", value: running.id }],
    });
    expect(row?.parameters).toEqual({ user: "ada", token: "***" });
    expect(row).not.toHaveProperty("secrets");
    const raw = await rawText();
    expect(raw).not.toContain(SECRET);
    expect(raw).toMatch(/"secrets":"k1:[A-Za-z0-9+/]+=*"/);
  });

  it("redacts a secret from the error of a handler that throws it", async () => {
    const running = await runtime.start({
      command: "leak",
      parameters: { token: SECRET },
      origin: "api",
    });
    const messages = await collect(running.messages);
    expect(messages.at(-1)).toMatchObject({ status: "failed" });
    expect(JSON.stringify(messages)).toContain("refused token ***");
    expect(JSON.stringify(messages)).not.toContain(SECRET);
    expect(await rawText()).not.toContain(SECRET);
  });

  it("runs a queued execution and a rerun with the secret taken back from its record", async () => {
    const worker = runtime.startWorker({});
    try {
      const queued = await runtime.start({
        command: "login",
        parameters: { user: "bob", token: SECRET },
        origin: "api",
        queue: true,
      });
      const messages = await collect(queued.messages);
      expect(messages.at(-1)).toMatchObject({ status: "success", result: { reversed: REVERSED } });
      const again = await runtime.rerun(queued.id);
      expect((await collect(again.messages)).at(-1)).toMatchObject({
        status: "success",
        result: { reversed: REVERSED },
      });
    } finally {
      await worker.close(5000);
    }
    expect(await rawText()).not.toContain(SECRET);
  });

  it("records encrypted fields given to resource commands, and filters on them, as ***", async () => {
    const saved = await runtime.start({
      command: "account save",
      parameters: { key: "acct", secret: "narwhal-secret", notes: "zebra-notes", plain: "p" },
      origin: "cli",
    });
    expect((await collect(saved.messages)).at(-1)).toMatchObject({ status: "success" });
    const listed = await runtime.start({
      command: "account list",
      parameters: { secret: "narwhal-secret", filter: "or(secret=narwhal-secret,plain=q)" },
      origin: "cli",
    });
    const live = await collect(listed.messages);
    expect(live.at(-1)).toMatchObject({ status: "success" });
    // The caller sees the values it asked for; only the stored copies are masked.
    expect(JSON.stringify(live)).toContain("zebra-notes");
    const followed = await collect(await runtime.follow(listed.id));
    expect(JSON.stringify(followed)).not.toContain("zebra-notes");
    expect(JSON.stringify(followed)).toContain('"notes":"***"');
    const rows = await store().list("execution", {
      filters: [{ path: "command__startswith", value: "account" }],
      order: ["id"],
      fields: ["command", "parameters"],
    });
    expect(rows.map((r) => r.parameters)).toEqual([
      { key: "acct", secret: "***", notes: "***", plain: "p" },
      { secret: "***", filter: "***" },
    ]);
    const again = await runtime.rerun(listed.id);
    expect((await collect(again.messages)).at(-1)).toMatchObject({ status: "success" });
    const raw = await rawText();
    for (const text of ["narwhal-secret", "zebra-notes"]) expect(raw).not.toContain(text);
  });

  it("keeps a secret config value encrypted and hidden, and gives it to ctx.config", async () => {
    const saved = await runtime.start({
      command: "config save",
      parameters: { key: "api_key", secret: "cfg-secret-value" },
      origin: "cli",
    });
    expect((await collect(saved.messages)).at(-1)).toMatchObject({ status: "success" });
    const [config] = await store().list("config", {
      filters: [{ path: "name", value: "api_key" }],
    });
    expect(config).toMatchObject({ name: "api_key", value: null });
    expect(config).not.toHaveProperty("secret");
    const read = await runtime.start({ command: "readcfg", parameters: {}, origin: "api" });
    expect((await collect(read.messages)).at(-1)).toMatchObject({
      status: "success",
      result: Array.from("cfg-secret-value").reverse().join(""),
    });
    expect(await rawText()).not.toContain("cfg-secret-value");
    // A handler that says the secret value shows *** in its messages and result.
    const printed = await runtime.start({ command: "printcfg", parameters: {}, origin: "api" });
    const messages = await collect(printed.messages);
    expect(messages[0]).toMatchObject({ type: "info", text: "calling with key ***" });
    expect(messages[1]).toMatchObject({ type: "data", value: { key: "***" } });
    expect(messages.at(-1)).toMatchObject({
      status: "success",
      result: { key: "***", shown: "[***]" },
    });
    expect(JSON.stringify(await collect(await runtime.follow(printed.id)))).not.toContain(
      "cfg-secret-value",
    );
    expect(await rawText()).not.toContain("cfg-secret-value");
  });

  it("refuses a secret when no key can encrypt it, recording nothing", async () => {
    const before = await store().count("execution");
    const keyless = await open("");
    try {
      const error = await failure(
        keyless.start({
          command: "login",
          parameters: { user: "x", token: SECRET },
          origin: "api",
        }),
      );
      expect(error.code).toBe("CAIRN_KEY_MISSING");
    } finally {
      await keyless.close();
    }
    expect(await store().count("execution")).toBe(before);
  });

  it("stores a schedule's secret encrypted, keeps it through a save, and fires with it", async () => {
    const created = await runtime.createSchedule({
      command: "login",
      parameters: { user: "cron", token: SECRET },
      schedule: "every 1m",
      name: "login-often",
      origin: "api",
    });
    expect(created.schedule.parameters).toEqual({ user: "cron", token: "***" });
    expect(created.schedule).not.toHaveProperty("secrets");
    // Saved with the parameters as shown: the stored secret stays.
    const saved = await runtime.start({
      command: "schedule save",
      parameters: { key: "login-often", parameters: { user: "cron2", token: "***" } },
      origin: "api",
    });
    expect((await collect(saved.messages)).at(-1)).toMatchObject({ status: "success" });
    // Given with a new value, in a save: recorded as ***, stored encrypted.
    const resaved = await runtime.start({
      command: "schedule save",
      parameters: {
        key: "login-later",
        command: "login",
        expression: "every 1h",
        parameters: { user: "late", token: `${SECRET}-2` },
      },
      origin: "api",
    });
    expect((await collect(resaved.messages)).at(-1)).toMatchObject({ status: "success" });
    const [record] = await store().list("execution", {
      filters: [{ path: "id", value: resaved.id }],
    });
    expect(record?.parameters).toMatchObject({ parameters: { user: "late", token: "***" } });

    let clock = Date.now() + 90_000;
    const scheduler = runtime.startScheduler({
      now: () => clock,
      tickMs: 3_600_000,
      leaseMs: 5000,
      graceMs: 1000,
      log: () => undefined,
    });
    const worker = runtime.startWorker({});
    try {
      const deadline = Date.now() + 15_000;
      while (!scheduler.state.active && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      clock += 60_000;
      await scheduler.tick();
      const fired = await store().list("execution", {
        filters: [{ path: "fire_key__startswith", value: "login-often@" }],
        order: ["id"],
      });
      expect(fired.length).toBeGreaterThan(0);
      const first = fired[0];
      expect(first?.parameters).toEqual({ user: "cron2", token: "***" });
      const messages = await collect(await runtime.follow(String(first?.id)));
      expect(messages[0]).toMatchObject({ text: "logging in cron2 with ***" });
      expect(messages.at(-1)).toMatchObject({ status: "success", result: { reversed: REVERSED } });
      // A secret written in a spec file is refused: that schedule is stored paused.
      const [spec] = await store().list("schedule", {
        filters: [{ path: "name", value: "spec-login" }],
      });
      expect(spec?.paused).toBe(true);
      expect(String(spec?.paused_reason)).toContain("secret 'token' written in the spec");
      expect(JSON.stringify(spec)).not.toContain("written-in-the-spec");
    } finally {
      await scheduler.close();
      await worker.close(5000);
    }
    const schedules = (await sql`SELECT * FROM schedule`.execute(fixture.database().db)).rows;
    const raw = (await rawText()) + JSON.stringify(schedules);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain("written-in-the-spec");
  });

  it("refuses a schedule's secret given as *** with nothing stored", async () => {
    const error = await failure(
      runtime.createSchedule({
        command: "login",
        parameters: { user: "x", token: "***" },
        schedule: "every 1h",
        origin: "api",
      }),
    );
    expect(error.code).toBe("CAIRN_PARAMETER_INVALID");
    expect(error.details.part).toBe("parameters");
  });
});
