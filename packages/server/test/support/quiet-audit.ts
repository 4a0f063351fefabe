// Vitest setup (server, browser and stack projects): the audit trail's stdout/stderr sinks write nowhere,
// so the one line per mutating request does not flood the test output. Tests that check the
// audit trail capture it themselves (a writer, a file sink, or auditStreams).
import { auditStreams } from "../../src/audit/sinks.ts";

const silent = { write: () => true };
auditStreams.stdout = silent;
auditStreams.stderr = silent;
