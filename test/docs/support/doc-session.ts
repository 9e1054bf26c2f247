import { EventEmitter } from "node:events";
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "../../../src/faces/cli/main.js";
import type { DocStep, HttpRequest } from "./doc-commands.js";

export interface StepResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type CairnStep = Extract<DocStep, { kind: "cairn" }>;

/** Answers the `curl` lines of a document: the test's server, called in-process. */
export type HttpTarget = (
  request: HttpRequest,
) => Promise<{ readonly status: number; readonly body: string }>;

const REPO = resolve(new URL("../../..", import.meta.url).pathname);

/** An API token as Cairn prints it; documents show made-up ones of the same shape. */
const TOKEN = /cairn_[A-Za-z0-9_-]{43}/g;
/** The part of a token `token list` shows and `token revoke` takes. */
const PREFIX_LENGTH = "cairn_".length + 8;

/**
 * One shell session replaying a document: a working directory and environment that
 * `cd` and `export` change, and cairn commands run in-process through `runCli`.
 */
export class DocSession {
  cwd: string;
  readonly env: Record<string, string> = { NO_COLOR: "1" };
  /** Where `curl` lines go; a document with curl lines needs one. */
  http: HttpTarget | undefined;
  /** Made-up tokens (and their prefixes) a document shows, to the real ones printed. */
  readonly #tokens = new Map<string, string>();
  /** The last token a cairn command printed. */
  #printed: string | undefined;

  constructor(
    /** The temporary directory the session owns; removed by `close`. */
    readonly root: string,
    cwd = root,
  ) {
    this.cwd = cwd;
  }

  /** A fresh empty directory. */
  static empty(): DocSession {
    return new DocSession(mkdtempSync(join(tmpdir(), "cairn-docs-")));
  }

  /**
   * A directory laid out like the repository, holding a copy of `examples/weather`
   * (without its database); the session starts at that root.
   */
  static withWeatherExample(): DocSession {
    const session = DocSession.empty();
    cpSync(join(REPO, "examples", "weather"), join(session.root, "examples", "weather"), {
      recursive: true,
      filter: (source) => !source.split(/[\\/]/).includes(".cairn"),
    });
    return session;
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Runs cairn with `argv` in `dir` (default: the working directory). */
  async cairn(
    argv: readonly string[],
    options: { dir?: string; env?: Readonly<Record<string, string>> } = {},
  ): Promise<StepResult> {
    let stdout = "";
    let stderr = "";
    const code = await runCli(argv, {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env: { ...this.env, ...options.env },
      cwd: options.dir ?? this.cwd,
      isTTY: false,
    });
    return { code, stdout, stderr };
  }

  /**
   * Replays one step; cairn steps resolve with their result, curl steps with the HTTP
   * status as `code` and the body as `stdout`, others with undefined. Tokens are random,
   * so a document shows a made-up one: `export NAME=cairn_...` stands for the token the
   * last cairn command printed, and that token (and its prefix) is used wherever the
   * made-up one appears later.
   */
  async run(given: DocStep): Promise<StepResult | undefined> {
    const step = this.#withRealTokens(given);
    switch (step.kind) {
      case "cd": {
        const dir = resolve(this.cwd, step.dir);
        if (!existsSync(dir) || !statSync(dir).isDirectory()) {
          throw new Error(`line ${step.line}: no directory ${dir}`);
        }
        this.cwd = dir;
        return undefined;
      }
      case "export":
        this.env[step.name] = this.#exported(step);
        return undefined;
      case "alias":
      case "skip":
        return undefined;
      case "curl": {
        if (this.http === undefined) throw new Error(`line ${step.line}: no server for curl`);
        const { status, body } = await this.http(step.request);
        return { code: status, stdout: body, stderr: "" };
      }
      case "cairn": {
        const result = isServe(step.argv)
          ? await this.#serve(step)
          : await this.cairn(step.argv, { env: step.env });
        if (step.redirect !== undefined) {
          writeFileSync(resolve(this.cwd, step.redirect), result.stdout);
        }
        this.#printed = result.stdout.match(TOKEN)?.at(-1) ?? this.#printed;
        return result;
      }
    }
  }

  /** An exported value; a made-up token becomes the one printed last. */
  #exported(step: Extract<DocStep, { kind: "export" }>): string {
    const shown = step.value;
    if (!new RegExp(`^${TOKEN.source}$`).test(shown)) return shown;
    const printed = this.#printed;
    if (printed === undefined) {
      throw new Error(`line ${step.line}: exports a token, but no command before it printed one`);
    }
    this.#tokens.set(shown, printed);
    this.#tokens.set(shown.slice(0, PREFIX_LENGTH), printed.slice(0, PREFIX_LENGTH));
    return printed;
  }

  /** The step with the real tokens in place of the made-up ones exported before it. */
  #withRealTokens(step: DocStep): DocStep {
    if (this.#tokens.size === 0) return step;
    const real = (text: string): string => {
      let result = text;
      for (const [shown, printed] of this.#tokens) result = result.replaceAll(shown, printed);
      return result;
    };
    const each = (record: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(record).map(([name, value]) => [name, real(value)]));
    switch (step.kind) {
      case "cairn":
        return { ...step, argv: step.argv.map(real), env: each(step.env) };
      case "curl": {
        const { request } = step;
        return {
          ...step,
          request: {
            ...request,
            url: real(request.url),
            headers: each(request.headers),
            ...(request.body === undefined ? {} : { body: real(request.body) }),
          },
        };
      }
      case "cd":
      case "export":
      case "alias":
      case "skip":
        return step;
    }
  }

  /**
   * `cairn serve` on a free port: once it listens, asks GET /status, then stops it
   * with SIGINT as Ctrl-C would.
   */
  async #serve(step: CairnStep): Promise<StepResult> {
    const argv = step.argv.map((arg, i) =>
      step.argv[i - 1] === "--port" ? "0" : arg.startsWith("--port=") ? "--port=0" : arg,
    );
    const signals = new EventEmitter();
    let stdout = "";
    let stderr = "";
    let status: Promise<number> | undefined;
    const code = await runCli(argv, {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: {
        write: (chunk: string) => {
          stderr += chunk;
          const url = /on (http:\/\/\S+) \(Ctrl-C to stop\)/.exec(chunk)?.[1];
          if (url !== undefined) {
            status = fetch(`${url}/status`).then((response) => {
              signals.emit("SIGINT");
              return response.status;
            });
          }
        },
      },
      env: { ...this.env, ...step.env, CAIRN_PORT: "0" },
      cwd: this.cwd,
      isTTY: false,
      signals,
    });
    const answered = status === undefined ? undefined : await status;
    if (code === 0 && answered !== 200) {
      return { code: 1, stdout, stderr: `${stderr}GET /status answered ${String(answered)}\n` };
    }
    return { code, stdout, stderr };
  }
}

/** Whether the command (after any global options) is `serve`. */
function isServe(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--project" || arg === "--format") i++;
    else if (!arg.startsWith("-")) return arg === "serve";
  }
  return false;
}

/** How a step is named in test titles and failures. */
export function describeStep(step: DocStep): string {
  return `line ${String(step.line)}: ${step.text}`;
}
