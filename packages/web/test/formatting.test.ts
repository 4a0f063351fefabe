import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDuration,
  formatQuantity,
  formatRelative,
  formatTime,
  toEpochMs,
} from "../src/i18n/formatting.ts";

// Intl puts no-break and narrow no-break spaces in places; compare with plain spaces.
const plain = (text: string) => text.replace(/\s/g, " ");

describe("dates in the user's language", () => {
  const helmUpdated = "2024-05-01 10:00:00.123456789 +0000 UTC";

  it("reads Helm's Go date layout, ISO text and epoch ms", () => {
    expect(toEpochMs(helmUpdated)).toBe(Date.parse("2024-05-01T10:00:00.123Z"));
    expect(toEpochMs("2024-05-01 12:00:00 +0200 CEST")).toBe(Date.parse("2024-05-01T10:00:00Z"));
    expect(toEpochMs("2024-05-01T10:00:00Z")).toBe(Date.parse("2024-05-01T10:00:00Z"));
    expect(toEpochMs("not a date")).toBeUndefined();
  });

  it("formats a revision date in English and in French", () => {
    expect(plain(formatDateTime(helmUpdated, "en", "UTC"))).toBe("May 1, 2024, 10:00 AM");
    expect(plain(formatDateTime(helmUpdated, "fr", "UTC"))).toBe("1 mai 2024, 10:00");
  });

  it("shows an unreadable date as it came rather than 'Invalid Date'", () => {
    expect(formatDateTime("yesterday-ish", "en")).toBe("yesterday-ish");
  });

  it("formats event times with a 12 h clock in English, 24 h in French", () => {
    const at = Date.parse("2024-05-01T14:00:05Z");
    expect(plain(formatTime(at, "en", "UTC"))).toBe("2:00:05 PM");
    expect(formatTime(at, "fr", "UTC")).toBe("14:00:05");
  });

  it("says how long ago in the largest whole unit", () => {
    const now = Date.parse("2024-05-01T10:00:00Z");
    expect(formatRelative(now - 3 * 3_600_000, now, "en")).toBe("3 hours ago");
    expect(formatRelative(now - 3 * 3_600_000, now, "fr")).toBe("il y a 3 heures");
    expect(formatRelative(now - 86_400_000, now, "fr")).toBe("hier");
    expect(formatRelative(now - 10_000, now, "en")).toBe("now");
  });
});

describe("service up time", () => {
  const min = 60_000;
  it("keeps two units at most, localized", () => {
    expect(plain(formatDuration(((3 * 24 + 4) * 60 + 5) * min, "en"))).toBe("3 days 4 hr");
    expect(plain(formatDuration(((3 * 24 + 4) * 60 + 5) * min, "fr"))).toBe("3 j 4 h");
    expect(plain(formatDuration(125 * min, "en"))).toBe("2 hr 5 min");
    expect(plain(formatDuration(4 * min, "fr"))).toBe("4 min");
  });
  it("never shows a negative duration (clock skew)", () => {
    expect(plain(formatDuration(-5 * min, "en"))).toBe("0 min");
  });
});

describe("quota quantities", () => {
  it("shows memory in binary units: GiB in English, Gio in French", () => {
    expect(plain(formatQuantity("requests.memory", "2Gi", "en"))).toBe("2 GiB");
    expect(plain(formatQuantity("requests.memory", "2Gi", "fr"))).toBe("2 Gio");
    // Usage often comes back in bytes.
    expect(plain(formatQuantity("limits.memory", "3221225472", "en"))).toBe("3 GiB");
    expect(plain(formatQuantity("requests.memory", "1536Mi", "fr"))).toBe("1,5 Gio");
  });
  it("keeps decimal units when the quantity was written in them", () => {
    expect(plain(formatQuantity("requests.storage", "1500M", "en"))).toBe("1.5 GB");
    expect(plain(formatQuantity("requests.storage", "1500M", "fr"))).toBe("1,5 Go");
  });
  it("shows CPU as cores and counts as numbers, with the language's separators", () => {
    expect(formatQuantity("requests.cpu", "500m", "en")).toBe("0.5");
    expect(formatQuantity("requests.cpu", "500m", "fr")).toBe("0,5");
    expect(plain(formatQuantity("count/pods", "12000", "fr"))).toBe("12 000");
    expect(formatQuantity("count/pods", "12000", "en")).toBe("12,000");
  });
  it("shows an unparseable quantity as it came", () => {
    expect(formatQuantity("requests.memory", "lots", "en")).toBe("lots");
  });
});

describe("the seven other languages", () => {
  const at = "2024-05-01 10:00:00 +0000 UTC";
  it("formats dates with each language's conventions", () => {
    expect(plain(formatDateTime(at, "de", "UTC"))).toBe("01.05.2024, 10:00");
    expect(plain(formatDateTime(at, "no", "UTC"))).toBe("1. mai 2024, 10:00");
    expect(plain(formatDateTime(at, "fi", "UTC"))).toBe("1.5.2024 klo 10.00");
    expect(plain(formatDateTime(at, "zh-CN", "UTC"))).toBe("2024年5月1日 10:00");
    expect(plain(formatDateTime(at, "es", "UTC"))).toBe("1 may 2024, 10:00");
  });
  it("says how long ago in the language", () => {
    const now = Date.parse("2024-05-01T10:00:00Z");
    expect(formatRelative(now - 3 * 3_600_000, now, "nl")).toBe("3 uur geleden");
    expect(formatRelative(now - 3 * 3_600_000, now, "it")).toBe("3 ore fa");
    expect(formatRelative(now - 3 * 3_600_000, now, "zh-CN")).toBe("3小时前");
  });
  it("writes bytes as B and numbers with the language's separators", () => {
    expect(plain(formatQuantity("requests.memory", "1536Mi", "de"))).toBe("1,5 GiB");
    expect(plain(formatQuantity("requests.storage", "1500M", "fi"))).toBe("1,5 GB");
    expect(plain(formatQuantity("count/pods", "12000", "nl"))).toBe("12.000");
    expect(formatQuantity("requests.cpu", "500m", "zh-CN")).toBe("0.5");
  });
});
