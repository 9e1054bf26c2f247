import { expect, it } from "vitest";
import type { Message } from "../../src/foundations/message.js";
import type { Principal } from "../../src/runtime/access/principal.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { collect } from "./support/collect.js";
import { useRuntime } from "./support/use-runtime.js";

// Saves of users and groups are checked as a whole: declared roles, no parent cycles,
// and nobody grants `admin` but an admin. A refused save writes nothing.
describeEachBackend("access: user and group saves", (backend) => {
  const fixture = useRuntime(backend);

  async function save(
    model: "user" | "group",
    key: string,
    values: Record<string, string>,
    principal?: Principal,
  ): Promise<{ status: string; last: Message | undefined }> {
    const running = await fixture.runtime().start({
      command: `${model} save`,
      parameters: { key, ...values },
      origin: "cli",
      ...(principal === undefined ? {} : { principal }),
    });
    const messages = await collect(running.messages);
    return { status: await running.finished, last: messages.at(-1) };
  }
  const principalOf = (user: string) => fixture.runtime().access.principalOf(user);
  const groupRow = async (name: string) =>
    (await fixture.store().list("group", { filters: [{ path: "name", value: name }] }))[0];

  it("stores roles trimmed and once each, and refuses an undeclared role naming the closest", async () => {
    expect(
      (await save("group", "readers", { roles: " auditor, auditor ,user-admin" })).status,
    ).toBe("success");
    expect((await groupRow("readers"))?.roles).toBe("auditor,user-admin");
    const refused = await save("group", "typo", { roles: "auditr" });
    expect(refused.status).toBe("failed");
    expect(refused.last).toMatchObject({
      error: {
        code: "CAIRN_RECORD_INVALID",
        message: expect.stringContaining("did you mean 'auditor'") as unknown,
      },
    });
    expect(await groupRow("typo")).toBeUndefined();
  });

  it("gives a child group its parent's roles, and refuses a parent cycle", async () => {
    await save("group", "staff", { roles: "auditor" });
    await save("group", "ops", { roles: "schedule-admin", parent: "staff" });
    await save("user", "olga", { groups: "ops" });
    const olga = await principalOf("olga");
    expect([...olga.roles].sort()).toEqual(["auditor", "public", "schedule-admin"]);
    expect([...olga.groups].sort()).toEqual(["ops", "staff"]);
    const cycle = await save("group", "staff", { parent: "ops" });
    expect(cycle.last).toMatchObject({
      error: {
        code: "CAIRN_RECORD_INVALID",
        message: expect.stringContaining("its own ancestor") as unknown,
      },
    });
    expect((await groupRow("staff"))?.parent).toBeNull();
  });

  it("lets only an admin grant admin, directly, through a parent or by membership", async () => {
    await save("group", "keepers", { roles: "user-admin" });
    await save("user", "una", { groups: "keepers" });
    const una = await principalOf("una");
    await save("group", "root", { roles: "admin" });
    const attempts = [
      await save("group", "sneaky", { roles: "admin" }, una),
      await save("group", "below", { parent: "root" }, una),
      await save("user", "una", { groups: "keepers,root" }, una),
      await save("user", "admin", { email: "me@example.com" }, una),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe("failed");
      expect(attempt.last).toMatchObject({ error: { code: "CAIRN_FORBIDDEN" } });
    }
    expect(await groupRow("sneaky")).toBeUndefined();
    expect(await groupRow("below")).toBeUndefined();
    expect((await principalOf("una")).roles.has("admin")).toBe(false);
    // A user-admin manages everything else; an admin may grant admin.
    expect((await save("user", "vic", { groups: "keepers" }, una)).status).toBe("success");
    expect((await save("user", "vic", { groups: "root" })).status).toBe("success");
    expect((await principalOf("vic")).roles.has("admin")).toBe(true);
  });

  it("gives an inactive user only public, and anyone unknown only public", async () => {
    await save("group", "watchers", { roles: "auditor" });
    await save("user", "ivy", { groups: "watchers", active: "false" });
    expect([...(await principalOf("ivy")).roles]).toEqual(["public"]);
    expect([...(await principalOf("nobody")).roles]).toEqual(["public"]);
  });
});
