/**
 * The lines of a byte stream as they arrive, decoded as UTF-8: a line may be split
 * across chunks (and a character across bytes), and the last line may lack its
 * newline. Line ends are `\n` or `\r\n`. Cancelling the iteration cancels the stream.
 */
export async function* textLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  let done = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      pending += decoder.decode(chunk.value, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        yield withoutCarriageReturn(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
    }
    pending += decoder.decode();
    if (pending !== "") yield withoutCarriageReturn(pending);
    done = true;
  } finally {
    // Stopped early (a `break`, an error): release the connection rather than drain it.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
