import type { Message } from "../../../src/foundations/message.js";

/** Reads a streamed response body one NDJSON line at a time, as it arrives. */
export async function* messageLines(response: Response): AsyncGenerator<Message> {
  if (response.body === null) return;
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== "") yield JSON.parse(line) as Message;
      newline = buffered.indexOf("\n");
    }
  }
  if (buffered.trim() !== "") yield JSON.parse(buffered) as Message;
}

/** Every message of a streamed response. */
export async function allMessages(response: Response): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of messageLines(response)) messages.push(message);
  return messages;
}

/** Reads a stream to its end, dropping what it yields. */
export async function drain(messages: AsyncIterable<unknown>): Promise<void> {
  const iterator = messages[Symbol.asyncIterator]();
  while ((await iterator.next()).done !== true);
}
