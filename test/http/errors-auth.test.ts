import { describe, expect, it } from "vitest";
import { RecordNotFound } from "../../src/foundations/error-codes.js";
import { ADMIN_TOKEN, admin, dataApp } from "./support/http-project.js";
import { useFakeDataApp } from "./support/use-fake-data-app.js";

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; details?: Record<string, unknown> };
}

const served = useFakeDataApp();

describe("authentication", () => {
  it("lets anyone read a public model", async () => {
    expect((await served.app.inject({ url: "/data/station" })).statusCode).toBe(200);
  });

  it("needs a token to read a model that is not public", async () => {
    const missing = await served.app.inject({ url: "/data/observation" });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers["www-authenticate"]).toContain("Bearer");
    expect(missing.json<ErrorAnswer>().error).toMatchObject({
      code: "CAIRN_UNAUTHORIZED",
      message: "GET /data/observation needs a token",
    });
    const wrong = await served.app.inject({
      url: "/data/observation.csv",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}x` },
    });
    expect(wrong.json<ErrorAnswer>().error.message).toBe("invalid bearer token");
    const right = await served.app.inject({ url: "/data/observation/count", headers: admin });
    expect(right.statusCode).toBe(200);
  });

  it("needs the token for every write, before the body is looked at", async () => {
    for (const request of [
      { method: "POST", url: "/data/station", payload: "not json" },
      { method: "PATCH", url: "/data/station/1", payload: { name: "x" } },
      { method: "DELETE", url: "/data/station/1" },
    ] as const) {
      const response = await served.app.inject({
        ...request,
        headers: { "content-type": "application/json" },
      });
      expect(response.statusCode, request.method).toBe(401);
    }
  });

  it("refuses a token it does not know, even on a public model", async () => {
    const bare = await dataApp(served.dir, served.fake, {});
    for (const url of ["/data/observation", "/data/station"]) {
      const response = await bare.inject({ url, headers: admin });
      expect(response.statusCode).toBe(401);
      expect(response.json<ErrorAnswer>().error.message).toBe("invalid bearer token");
    }
    await bare.close();
  });
});

describe("errors", () => {
  it("answers an unknown model with 404 and the closest served names", async () => {
    const response = await served.app.inject({ url: "/data/staton?x=1" });
    expect(response.statusCode).toBe(404);
    expect(response.json<ErrorAnswer>().error).toMatchObject({
      code: "CAIRN_MODEL_NOT_FOUND",
      message: "the data API serves no model 'staton'; did you mean 'station'?",
      details: { model: "staton", suggestions: ["station"] },
    });
    const csv = await served.app.inject({ url: "/data/stations.csv" });
    expect(csv.json<ErrorAnswer>().error.code).toBe("CAIRN_MODEL_NOT_FOUND");
  });

  it("does not serve models with api: false", async () => {
    const response = await served.app.inject({ url: "/data/secret" });
    expect(response.json<ErrorAnswer>().error.code).toBe("CAIRN_MODEL_NOT_FOUND");
  });

  it("answers unknown routes in the same shape", async () => {
    const sub = await served.app.inject({ url: "/data/station/1/extra" });
    expect(sub.statusCode).toBe(404);
    expect(sub.json<ErrorAnswer>().error.code).toBe("CAIRN_ROUTE_NOT_FOUND");
    const other = await served.app.inject({ url: "/nothing" });
    expect(other.json<ErrorAnswer>().error.code).toBe("CAIRN_ROUTE_NOT_FOUND");
  });

  it("maps a CairnError from the store to its status and shape", async () => {
    served.fake.failure = RecordNotFound.create("no station with id 9", { hint: "List them." });
    const response = await served.app.inject({ url: "/data/station/9" });
    served.fake.failure = undefined;
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: {
        code: "CAIRN_RECORD_NOT_FOUND",
        message: "no station with id 9",
        hint: "List them.",
      },
    });
  });

  it("answers anything else with 500 and no internals", async () => {
    served.fake.failure = new Error("connection to 10.0.0.5 refused, password=hunter2");
    const response = await served.app.inject({ url: "/data/station" });
    served.fake.failure = undefined;
    expect(response.statusCode).toBe(500);
    expect(response.json<ErrorAnswer>().error.code).toBe("CAIRN_INTERNAL");
    expect(response.body).not.toContain("hunter2");
    expect(response.body).not.toContain("10.0.0.5");
  });

  it("answers malformed JSON bodies with CAIRN_REQUEST_INVALID", async () => {
    const response = await served.app.inject({
      method: "POST",
      url: "/data/station",
      headers: { ...admin, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorAnswer>().error.code).toBe("CAIRN_REQUEST_INVALID");
  });
});
