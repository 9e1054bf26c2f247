import { createConnection } from "node:net";
import type { TestProject } from "vitest/node";
import { serviceUrls, type ServiceName } from "./service-urls.js";

declare module "vitest" {
  export interface ProvidedContext {
    services: Record<ServiceName, boolean>;
  }
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port), timeout: 1500 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Checks once which services answer, tells every test file, and prints one summary
 * line. With CAIRN_TEST_REQUIRE_SERVICES=1 a missing service fails the run.
 */
export default async function setup(project: TestProject): Promise<void> {
  const names = Object.keys(serviceUrls) as ServiceName[];
  const results = await Promise.all(names.map((name) => reachable(serviceUrls[name])));
  const services = Object.fromEntries(
    names.map((name, i) => [name, results[i] === true]),
  ) as Record<ServiceName, boolean>;
  const missing = names.filter((name) => !services[name]);
  if (missing.length > 0 && process.env.CAIRN_TEST_REQUIRE_SERVICES === "1") {
    throw new Error(
      `CAIRN_TEST_REQUIRE_SERVICES=1 but unreachable: ${missing.map((n) => `${n} (${serviceUrls[n]})`).join(", ")}`,
    );
  }
  console.log(
    missing.length === 0
      ? `services: postgres, mysql and redis reachable; backend tests run on every backend`
      : `services: skipping tests for unreachable ${missing.join(", ")} (set CAIRN_TEST_REQUIRE_SERVICES=1 to fail instead)`,
  );
  project.provide("services", services);
}
