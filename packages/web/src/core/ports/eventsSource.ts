// /my-lab/events (§1.4): a Server-Sent Events stream of raw Kubernetes Event JSON. The adapter
// connects once and hands over each message's `data`; reconnecting is the events use case's job.
export interface EventsSource {
  /** Resolves when the stream ends, rejects when it fails or cannot open. */
  connect(handlers: {
    signal: AbortSignal;
    onOpen: () => void;
    onMessages: (data: string[]) => void;
  }): Promise<void>;
}
