/**
 * Layer rules of DESIGN.md section 3: imports only go downward
 * (faces -> runtime -> engines -> spec -> foundations), and each third-party
 * engine stays in the one folder that owns it.
 */
const layer = (name, forbiddenTargets) => ({
  name: `${name}-imports-downward-only`,
  severity: "error",
  comment: `${name} must not import a higher layer`,
  from: { path: `^src/${name}/` },
  to: { path: forbiddenTargets.map((t) => `^src/${t}/`) },
});

const confined = (pkg, home) => ({
  name: `${pkg.replace(/[^a-z0-9]/gi, "-")}-stays-in-${home.replace(/\//g, "-")}`,
  severity: "error",
  comment: `${pkg} may only be imported under src/${home}/`,
  from: { path: "^src/", pathNot: `^src/${home}/` },
  to: { path: `node_modules/${pkg}/` },
});

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    layer("foundations", ["spec", "engines", "runtime", "faces"]),
    layer("spec", ["engines", "runtime", "faces"]),
    layer("engines", ["runtime", "faces"]),
    layer("runtime", ["faces"]),
    {
      name: "client-stands-alone",
      severity: "error",
      comment:
        "the client SDK runs in browsers too: only foundations' types, never the layers that need Node.js",
      from: { path: "^src/faces/client/" },
      to: {
        path: [
          "^src/runtime/",
          "^src/engines/",
          "^src/spec/",
          "^src/faces/cli/",
          "^src/faces/http/",
        ],
      },
    },
    {
      name: "client-imports-no-node-modules",
      severity: "error",
      comment: "the client SDK uses only fetch and web streams: no Node.js built-ins, no packages",
      from: { path: "^src/faces/client/", pathNot: "^src/faces/client/tls-fetch\\.ts$" },
      to: { dependencyTypes: ["core", "npm", "npm-dev", "npm-optional", "npm-peer"] },
    },
    {
      name: "client-node-only-in-tls-fetch",
      severity: "error",
      comment:
        "tls-fetch.ts, loaded only for a custom CA, may use undici and node:tls, nothing else",
      from: { path: "^src/faces/client/tls-fetch\\.ts$" },
      to: {
        dependencyTypes: ["core", "npm"],
        pathNot: ["^undici$", "^tls$", "node_modules/undici/"],
      },
    },
    confined("undici", "faces/client"),
    confined("kysely", "engines/storage"),
    confined("better-sqlite3", "engines/storage"),
    confined("pg", "engines/storage"),
    confined("mysql2", "engines/storage"),
    confined("fastify", "faces/http"),
    confined("@fastify/swagger", "faces/http"),
    confined("@fastify/swagger-ui", "faces/http"),
    confined("commander", "faces/cli"),
    confined("cli-table3", "faces/cli"),
    confined("cli-progress", "faces/cli"),
    confined("bullmq", "engines/executors"),
    confined("ioredis", "engines/executors"),
    confined("croner", "runtime/schedule/timing"),
    confined("nodemailer", "engines/delivery"),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
