import { readFileSync } from "node:fs";

/**
 * The command lines of a document's ```sh blocks, as steps a test replays in order.
 * Only a few shell forms are understood; anything else makes `docSteps` throw, so a
 * document cannot show a command that no test runs.
 */
export type DocStep =
  | {
      readonly kind: "cairn";
      readonly line: number;
      readonly text: string;
      /** Variables set for this command only (`CAIRN_ISOLATES=1 cairn ...`). */
      readonly env: Readonly<Record<string, string>>;
      readonly argv: readonly string[];
      /** `> file`: stdout goes to this file, relative to the working directory. */
      readonly redirect?: string;
      /** From a `# exits N` comment; 0 without one. */
      readonly exitCode: number;
    }
  | { readonly kind: "cd"; readonly line: number; readonly text: string; readonly dir: string }
  | {
      readonly kind: "export";
      readonly line: number;
      readonly text: string;
      readonly name: string;
      readonly value: string;
    }
  | {
      readonly kind: "curl";
      readonly line: number;
      readonly text: string;
      readonly request: HttpRequest;
      /** From a `# status N` comment; without one any 2xx status passes. */
      readonly status?: number;
    }
  | { readonly kind: "alias"; readonly line: number; readonly text: string }
  | { readonly kind: "skip"; readonly line: number; readonly text: string; readonly why: string };

/** A `curl` line as the request it sends, addressed to the documented server. */
export interface HttpRequest {
  readonly method: string;
  /** Path and query string, after the server's address. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Where documents say the server listens; `$CAIRN_URL` defaults to it. */
export const DOC_SERVER = "http://127.0.0.1:8000";

/** Commands other than cairn that documents may show, and why the tests do not run them. */
const SKIPPED: Readonly<Record<string, string>> = {
  npm: "installs, builds and runs the project's own scripts",
};

/** `alias cairn="node $PWD/bin/cairn.js"`: the repository's launcher, run here in-process. */
const CAIRN_ALIAS = /^cairn=node \S+\/bin\/cairn\.js$/;

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** A word of a command line, or an operator the shell would act on. */
type Token = { readonly word: string } | { readonly operator: string };

export interface ParsedLine {
  readonly tokens: readonly Token[];
  readonly comment: string;
}

/**
 * Splits one shell line into words the way sh does for the forms documents use:
 * single and double quotes, backslash escapes, `$NAME` and `${NAME}` (from `vars`),
 * `#` comments, and the operators `&&`, `>`, `|`, `;`, `<`.
 */
export function splitShellLine(text: string, vars: Readonly<Record<string, string>>): ParsedLine {
  const tokens: Token[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const flush = (): void => {
    if (inWord) tokens.push({ word });
    word = "";
    inWord = false;
  };
  const variable = (): string => {
    const match = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(text.slice(i));
    if (match === null) throw new Error(`unsupported '$' at column ${i + 1} in: ${text}`);
    i += match[0].length;
    const name = match[1] ?? match[2] ?? "";
    const value = vars[name];
    if (value === undefined) throw new Error(`unknown variable $${name} in: ${text}`);
    return value;
  };
  while (i < text.length) {
    const char = text.charAt(i);
    if (/\s/.test(char)) {
      flush();
      i++;
    } else if (char === "#" && !inWord) {
      flush();
      return { tokens, comment: text.slice(i + 1).trim() };
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${text}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated " in: ${text}`);
        const inner = text.charAt(i);
        if (inner === '"') break;
        if (inner === "\\" && /["\\$`]/.test(text.charAt(i + 1))) {
          word += text.charAt(i + 1);
          i += 2;
        } else if (inner === "$") {
          word += variable();
        } else if (inner === "`") {
          throw new Error(`command substitution is not supported in: ${text}`);
        } else {
          word += inner;
          i++;
        }
      }
      i++;
    } else if (char === "\\") {
      word += text.charAt(i + 1);
      inWord = true;
      i += 2;
    } else if (char === "$") {
      word += variable();
      inWord = true;
    } else if (/[&|;<>`()]/.test(char)) {
      flush();
      const operator = /^(&&|\|\||>>|[&|;<>`()])/.exec(text.slice(i))?.[0] ?? char;
      tokens.push({ operator });
      i += operator.length;
    } else {
      word += char;
      inWord = true;
      i++;
    }
  }
  flush();
  return { tokens, comment: "" };
}

/** The lines of every ```sh block with their 1-based line numbers; `\` continues a line. */
export function shellLines(markdown: string): { line: number; text: string }[] {
  const lines = markdown.split("\n");
  const result: { line: number; text: string }[] = [];
  let inBlock = false;
  let fence = "";
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? "";
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (!inBlock && open !== null) {
      inBlock = (open[3] ?? "") === "sh";
      fence = open[2] ?? "```";
      if (!inBlock) {
        // Skip any other block to its closing fence.
        for (n++; n < lines.length && !(lines[n] ?? "").trim().startsWith(fence); n++);
      }
      continue;
    }
    if (!inBlock) continue;
    if (line.trim().startsWith(fence)) {
      inBlock = false;
      continue;
    }
    let text = line;
    const start = n + 1;
    while (text.endsWith("\\") && n + 1 < lines.length) {
      n++;
      text = `${text.slice(0, -1).trimEnd()} ${(lines[n] ?? "").trim()}`;
    }
    if (text.trim() !== "") result.push({ line: start, text: text.trim() });
  }
  return result;
}

/** The `# status N` of a comment, else undefined. */
function statusOf(comment: string): number | undefined {
  const match = /\bstatus (\d{3})\b/.exec(comment);
  return match === null ? undefined : Number(match[1]);
}

/** The `# exits N` of a comment, else 0. */
function exitCodeOf(comment: string): number {
  const match = /\bexits (\d+)\b/.exec(comment);
  return match === null ? 0 : Number(match[1]);
}

/**
 * Turns one shell line into steps: simple commands joined by `&&`, each either a cairn
 * command, `cd`, `export`, the `cairn` alias, or an allow-listed command that is skipped.
 */
export function stepsOfLine(
  line: number,
  text: string,
  vars: Readonly<Record<string, string>>,
): DocStep[] {
  const { tokens, comment } = splitShellLine(text, vars);
  const commands: Token[][] = [[]];
  for (const token of tokens) {
    if ("operator" in token && token.operator === "&&") commands.push([]);
    else commands[commands.length - 1]?.push(token);
  }
  return commands.map((command) => {
    const [program] = command;
    if (program !== undefined && "word" in program && program.word === "curl") {
      return curlStep(line, text, command, statusOf(comment));
    }
    return stepOf(line, text, command, exitCodeOf(comment));
  });
}

/** curl's options that only change what it prints; the tests check the status instead. */
const OUTPUT_FLAGS = new Set([
  "-s",
  "-S",
  "-sS",
  "-i",
  "-N",
  "--silent",
  "--show-error",
  "--include",
  "--no-buffer",
]);

/**
 * The request of a `curl` command: `-X`, `-H`, `-d` (also `--data`, `--data-raw`,
 * `--json`), `-G` with `--data-urlencode`, and one URL on the documented server. As curl
 * does, `-d` means POST with a form content type unless `-X` and `-H` say otherwise.
 */
function curlStep(
  line: number,
  text: string,
  tokens: readonly Token[],
  status: number | undefined,
): DocStep {
  const fail = (why: string): never => {
    throw new Error(`line ${line}: ${why}: ${text}`);
  };
  const words = tokens.map((token) =>
    "word" in token ? token.word : fail(`the shell operator '${token.operator}' is not understood`),
  );
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  const headers = new Map<string, string>();
  const data: string[] = [];
  const encoded: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? "";
    const value = (): string => words[++i] ?? fail(`${word} needs a value`);
    if (OUTPUT_FLAGS.has(word)) continue;
    if (word === "-X" || word === "--request") method = value();
    else if (word === "-H" || word === "--header") {
      const header = value();
      const colon = header.indexOf(":");
      if (colon < 1) fail(`'${header}' is not a header`);
      headers.set(header.slice(0, colon).trim().toLowerCase(), header.slice(colon + 1).trim());
    } else if (word === "-d" || word === "--data" || word === "--data-raw") data.push(value());
    else if (word === "--json") {
      data.push(value());
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      if (!headers.has("accept")) headers.set("accept", "application/json");
    } else if (word === "--data-urlencode") encoded.push(urlEncodedPair(value()));
    else if (word === "-G" || word === "--get") get = true;
    else if (word.startsWith("-")) fail(`the curl option ${word} is not understood`);
    else if (url !== undefined) fail("curl takes one URL here");
    else url = word;
  }
  if (url === undefined) return fail("curl needs a URL");
  if (!url.startsWith(`${DOC_SERVER}/`)) {
    return fail(`curl URLs must start with $CAIRN_URL or ${DOC_SERVER}/`);
  }
  let path = url.slice(DOC_SERVER.length);
  const fields = [...data, ...encoded];
  if (get && fields.length > 0) {
    path += `${path.includes("?") ? "&" : "?"}${fields.join("&")}`;
  }
  const body = get || fields.length === 0 ? undefined : fields.join("&");
  if (body !== undefined && !headers.has("content-type")) {
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  const request: HttpRequest = {
    method: method ?? (body === undefined ? "GET" : "POST"),
    url: path,
    headers: Object.fromEntries(headers),
    ...(body === undefined ? {} : { body }),
  };
  return { kind: "curl", line, text, request, ...(status === undefined ? {} : { status }) };
}

/** `--data-urlencode name=content`: the content percent-encoded, as curl sends it. */
function urlEncodedPair(value: string): string {
  const equals = value.indexOf("=");
  if (equals < 0) return encodeURIComponent(value);
  return `${value.slice(0, equals)}=${encodeURIComponent(value.slice(equals + 1))}`;
}

function stepOf(line: number, text: string, tokens: readonly Token[], exitCode: number): DocStep {
  const fail = (why: string): never => {
    throw new Error(`line ${line}: ${why}: ${text}`);
  };
  const words: string[] = [];
  let redirect: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) continue;
    if ("word" in token) {
      words.push(token.word);
      continue;
    }
    const target = tokens[i + 1];
    if (token.operator !== ">" || target === undefined || !("word" in target)) {
      return fail(`the shell operator '${token.operator}' is not understood`);
    }
    redirect = target.word;
    i++;
  }
  const env: Record<string, string> = {};
  while (words.length > 0 && ASSIGNMENT.test(words[0] ?? "")) {
    const [, name = "", value = ""] = ASSIGNMENT.exec(words.shift() ?? "") ?? [];
    env[name] = value;
  }
  const [program, ...args] = words;
  if (program === undefined) return fail("no command");
  if (program === "cairn") {
    return {
      kind: "cairn",
      line,
      text,
      env,
      argv: args,
      ...(redirect === undefined ? {} : { redirect }),
      exitCode,
    };
  }
  if (Object.keys(env).length > 0 || redirect !== undefined) {
    return fail(`only cairn commands may have variables or redirections`);
  }
  if (program === "cd" && args.length === 1 && args[0] !== undefined) {
    return { kind: "cd", line, text, dir: args[0] };
  }
  if (program === "export" && args.length === 1) {
    const [, name = "", value = ""] = ASSIGNMENT.exec(args[0] ?? "") ?? [];
    if (name === "") return fail("export needs NAME=value");
    return { kind: "export", line, text, name, value };
  }
  if (program === "alias") {
    if (args.length !== 1 || !CAIRN_ALIAS.test(args[0] ?? "")) {
      return fail('the only alias understood is cairn="node <dir>/bin/cairn.js"');
    }
    return { kind: "alias", line, text };
  }
  const why = SKIPPED[program];
  if (why !== undefined) return { kind: "skip", line, text, why };
  return fail(`'${program}' is not a command the doc tests understand`);
}

/**
 * Every step of a document's ```sh blocks, in order. `$PWD` is `/repo`, `$HOME`
 * `/home/user`, `$CAIRN_URL` the documented server; an `export` sets a variable for the
 * lines after it, as in a shell.
 */
export function docSteps(markdown: string): DocStep[] {
  const vars: Record<string, string> = { PWD: "/repo", HOME: "/home/user", CAIRN_URL: DOC_SERVER };
  return shellLines(markdown).flatMap(({ line, text }) => {
    const steps = stepsOfLine(line, text, vars);
    for (const step of steps) if (step.kind === "export") vars[step.name] = step.value;
    return steps;
  });
}

export function readDoc(path: string): string {
  return readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
}
