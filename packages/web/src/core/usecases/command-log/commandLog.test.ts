import { describe, expect, it } from "vitest";
import { commandsOfAnswer } from "../../adapters/onyxia-api/httpClient.ts";
import { createCommandLog } from "./commandLog.ts";

describe("command log", () => {
  it("reads commands from the header or the body, and collapses identical repeats", () => {
    const log = createCommandLog();
    const headers = new Headers({ "onyxia-commands": JSON.stringify(["helm list --namespace u"]) });
    expect(commandsOfAnswer(headers, undefined)).toEqual(["helm list --namespace u"]);
    expect(commandsOfAnswer(new Headers(), { commands: ["helm uninstall x"] })).toEqual([
      "helm uninstall x",
    ]);
    expect(commandsOfAnswer(new Headers({ "x-onyxia-commands": "not json" }), {})).toEqual([]);
    log.log("GET /my-lab/services", ["helm list"], 1);
    log.log("GET /my-lab/services", ["helm list"], 2);
    log.log("DELETE /my-lab/app", ["helm uninstall x"], 3);
    expect(log.entries().map((e) => [e.call, e.at])).toEqual([
      ["GET /my-lab/services", 2],
      ["DELETE /my-lab/app", 3],
    ]);
  });
  it("keeps the latest entries only, and clear empties it for its subscribers", () => {
    const log = createCommandLog(2);
    let notified = 0;
    const stop = log.subscribe(() => notified++);
    for (const n of [1, 2, 3]) log.log(`GET /call-${n}`, [`helm ${n}`], n);
    expect(log.entries().map((e) => e.call)).toEqual(["GET /call-2", "GET /call-3"]);
    log.log("GET /nothing", []);
    log.clear();
    expect(log.entries()).toEqual([]);
    expect(notified).toBe(4);
    stop();
  });
});
