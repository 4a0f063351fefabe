// The EventsSource port over fetch streaming: EventSource cannot send the bearer token and the
// project headers. Splitting the stream into SSE messages is pure (splitSseMessages).
import type { EventsSource } from "../ports/eventsSource.ts";
import type { HttpClient } from "./onyxia-api/httpClient.ts";

/** Splits the stream buffer into complete messages' `data`; returns the unfinished remainder. */
export function splitSseMessages(buffer: string): { messages: string[]; rest: string } {
  const normalized = buffer.replaceAll("\r\n", "\n");
  const parts = normalized.split("\n\n");
  const rest = parts.pop() ?? "";
  const messages: string[] = [];
  for (const part of parts) {
    const data = part
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data !== "") messages.push(data);
  }
  return { messages, rest };
}

export function createSseEventsSource(http: Pick<HttpClient, "stream">): EventsSource {
  return {
    async connect({ signal, onOpen, onMessages }) {
      const stream = await http.stream("/my-lab/events", "text/event-stream", signal);
      onOpen();
      const reader = stream.getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const { messages, rest } = splitSseMessages(buffer + value);
        buffer = rest;
        if (messages.length > 0) onMessages(messages);
      }
    },
  };
}
