import cliProgress from "cli-progress";
import type { TextSink } from "../cli-io.js";

/**
 * Progress messages for people: a live bar on a terminal, and on anything else a plain
 * `label: done/total` line at each tenth of the way, so logs stay short.
 */
export class ProgressDisplay {
  #bar: cliProgress.SingleBar | undefined;
  #label = "";
  #lastTenth = -1;

  constructor(
    private readonly lines: TextSink,
    /** The terminal stream for the bar, or undefined when not on a terminal. */
    private readonly terminal: NodeJS.WritableStream | undefined,
  ) {}

  update(done: number, total: number, label = ""): void {
    if (this.terminal === undefined) {
      this.#line(done, total, label);
      return;
    }
    if (this.#bar !== undefined && label !== this.#label) this.clear();
    this.#label = label;
    if (this.#bar === undefined) {
      this.#bar = new cliProgress.SingleBar(
        {
          stream: this.terminal,
          clearOnComplete: true,
          hideCursor: true,
          format: `${label === "" ? "" : `${label} `}[{bar}] {percentage}% {value}/{total}`,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(total, done);
    } else {
      this.#bar.setTotal(total);
      this.#bar.update(done);
    }
    if (total > 0 && done >= total) {
      this.clear();
      this.lines.write(`${prefix(label)}${done}/${total}\n`);
    }
  }

  /** Removes a live bar so other output can take its line; the next update redraws it. */
  clear(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }

  #line(done: number, total: number, label: string): void {
    const tenth = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 10;
    if (label !== this.#label) this.#lastTenth = -1;
    this.#label = label;
    if (tenth === this.#lastTenth) return;
    this.#lastTenth = tenth;
    this.lines.write(`${prefix(label)}${done}/${total}\n`);
  }
}

function prefix(label: string): string {
  return label === "" ? "" : `${label}: `;
}
