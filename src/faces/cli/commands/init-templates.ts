/**
 * The files `cairn init` writes: the smallest project that shows each part working —
 * a model with resource commands and a TypeScript command with a parameter.
 */
export interface StarterFile {
  /** Path relative to the project directory. */
  readonly path: string;
  readonly content: string;
}

export function starterFiles(name: string): StarterFile[] {
  return [
    { path: "cairn.yml", content: `name: ${name}\nversion: 0.1.0\n` },
    { path: "spec/models.yml", content: MODELS },
    { path: "spec/commands.yml", content: COMMANDS },
    { path: "handlers/hello.ts", content: HELLO },
    { path: ".gitignore", content: ".cairn/\n" },
    { path: "README.md", content: readme(name) },
  ];
}

const MODELS = `# Each model becomes a table and the commands: list get save remove clear.
models:
  note:
    help: A short note, known by its name.
    fields:
      name: {type: string, max_length: 100, required: true}
      text: {type: text}
      pinned: {type: boolean, default: false}
    ordering: [name]
`;

const COMMANDS = `# Each command becomes a CLI verb and a command API endpoint.
commands:
  hello:
    handler: handlers/hello.ts#hello
    help: Say hello
    parameters:
      name: {type: string, default: world, max_length: 100, help: who to greet}
`;

const HELLO = `import type { CommandContext } from "cairn/context";

interface HelloParameters {
  readonly name: string;
}

/** \`cairn hello name=you\`: parameters arrive validated, with their defaults applied. */
export async function hello(ctx: CommandContext, { name }: HelloParameters): Promise<void> {
  ctx.info(\`Hello, \${name}!\`);
  const notes = await ctx.model("note").count();
  ctx.notice(\`This project has \${notes} note\${notes === 1 ? "" : "s"}.\`);
}
`;

function readme(name: string): string {
  return `# ${name}

A Cairn project: YAML specs in \`spec/\`, handlers in \`handlers/\`.

\`\`\`sh
cairn hello name=you                  # run a command
cairn note save first text="Hi there" # save a record
cairn note list                       # list records (--format json|csv)
cairn db migrate                      # after changing spec/: apply the schema changes
cairn serve                           # the HTTP APIs: GET /status
\`\`\`

The database is a SQLite file in \`.cairn/\` unless \`CAIRN_DATABASE_URL\` names another.
\`cairn init\` made the user \`admin\` (group \`admins\`) and printed its first API token
once; \`cairn user token admin name=NAME\` issues another.
`;
}
