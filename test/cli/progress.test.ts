import { describe, expect, it } from "vitest";
import { ProgressDisplay } from "../../src/faces/cli/render/progress-display.js";

/** Just enough of a TTY stream for cli-progress, recording what it draws. */
function fakeTerminal() {
  const writes: string[] = [];
  const stream = {
    isTTY: true,
    columns: 80,
    write: (chunk: string) => {
      writes.push(chunk);
      return true;
    },
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { writes, stream: stream as unknown as NodeJS.WritableStream };
}

describe("progress", () => {
  it("draws a bar on a terminal, clears it for other output and ends with a plain line", () => {
    const terminal = fakeTerminal();
    let lines = "";
    const display = new ProgressDisplay({ write: (t: string) => (lines += t) }, terminal.stream);
    display.update(1, 4, "rows");
    expect(terminal.writes.join("")).toMatch(/rows \S+ 25% 1\/4/);
    display.clear();
    display.update(4, 4, "rows");
    expect(lines).toBe("rows: 4/4\n");
    display.clear();
  });

  it("prints plain lines at each tenth without a terminal", () => {
    let lines = "";
    const display = new ProgressDisplay({ write: (t: string) => (lines += t) }, undefined);
    for (let done = 0; done <= 20; done++) display.update(done, 20);
    display.update(0, 0, "empty");
    expect(lines.trimEnd().split("\n")).toEqual([
      "0/20",
      "2/20",
      "4/20",
      "6/20",
      "8/20",
      "10/20",
      "12/20",
      "14/20",
      "16/20",
      "18/20",
      "20/20",
      "empty: 0/0",
    ]);
  });
});
