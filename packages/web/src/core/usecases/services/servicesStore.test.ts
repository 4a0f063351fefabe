import type { Service } from "@onyxia-ts/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventsSource } from "../../ports/eventsSource.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import { createEventsUseCase } from "../events/eventsStore.ts";
import {
  createServicesUseCase,
  FALLBACK_POLL_MS,
  pollPeriod,
  TRANSIENT_POLL_MS,
} from "./servicesStore.ts";

const service = (id: string, state: Service["state"], startedAt = 1) =>
  ({ id, state, startedAt }) as Service;

/** An events stream that stays open and lets the test push Kubernetes Events. */
function openStream() {
  let push: (data: string[]) => void = () => undefined;
  const source: EventsSource = {
    connect: ({ signal, onOpen, onMessages }) => {
      onOpen();
      push = onMessages;
      return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
    },
  };
  const event = (uid: string, name: string) =>
    JSON.stringify({ metadata: { uid }, involvedObject: { kind: "Pod", name } });
  return { source, push: (uid: string, name: string) => push([event(uid, name)]) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the services use case", () => {
  it("polls fast while something moves, slowly while the stream is down, else not at all", () => {
    expect(pollPeriod(true, true)).toBe(TRANSIENT_POLL_MS);
    expect(pollPeriod(false, false)).toBe(FALLBACK_POLL_MS);
    expect(pollPeriod(false, true)).toBeUndefined();
  });

  it("lists newest first, refetches after an event, and stops with its last subscriber", async () => {
    const stream = openStream();
    const events = createEventsUseCase({ source: stream.source, storage: memoryStorage() });
    const apps = [service("old", "running", 1), service("new", "running", 2)];
    const api = { services: vi.fn(async () => ({ apps, groups: [] as [] })), service: vi.fn() };
    const list = createServicesUseCase({ api, events }).list("p1");
    const stop = list.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(list.getSnapshot().data?.map((s) => s.id)).toEqual(["new", "old"]);
    expect(list.getSnapshot().streamConnected).toBe(true);
    stream.push("e1", "new-0");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.services).toHaveBeenCalledTimes(2);
    // Connected and nothing in transition: no blind polling.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.services).toHaveBeenCalledTimes(2);
    stop();
    stream.push("e2", "new-0");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.services).toHaveBeenCalledTimes(2);
  });

  it("watches one service: only its events, and a fast poll while it starts", async () => {
    const stream = openStream();
    const events = createEventsUseCase({ source: stream.source, storage: memoryStorage() });
    let state: Service["state"] = "starting";
    const api = { services: vi.fn(), service: vi.fn(async (id: string) => service(id, state)) };
    const one = createServicesUseCase({ api, events }).one("p1", "jupyter-1");
    const stop = one.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.service).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(TRANSIENT_POLL_MS);
    expect(api.service).toHaveBeenCalledTimes(2);
    state = "running";
    await vi.advanceTimersByTimeAsync(TRANSIENT_POLL_MS);
    const calls = api.service.mock.calls.length;
    await vi.advanceTimersByTimeAsync(TRANSIENT_POLL_MS * 5);
    expect(api.service).toHaveBeenCalledTimes(calls);
    stream.push("e1", "other-release-0");
    await vi.advanceTimersByTimeAsync(10);
    expect(api.service).toHaveBeenCalledTimes(calls);
    stream.push("e2", "jupyter-1-abc");
    await vi.advanceTimersByTimeAsync(10);
    expect(api.service).toHaveBeenCalledTimes(calls + 1);
    expect(one.getSnapshot().events.map((e) => e.uid)).toEqual(["e2"]);
    stop();
  });

  it("keeps the last error and clears it on the next success", async () => {
    const events = createEventsUseCase({ source: openStream().source, storage: memoryStorage() });
    const api = {
      services: vi.fn().mockRejectedValueOnce(new Error("503")).mockResolvedValue({ apps: [] }),
      service: vi.fn(),
    };
    const list = createServicesUseCase({ api, events }).list("p1");
    const stop = list.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(list.getSnapshot().error).toBeInstanceOf(Error);
    list.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(list.getSnapshot()).toMatchObject({ data: [], error: undefined });
    stop();
  });
});
