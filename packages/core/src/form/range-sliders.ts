// Merges a `down` and an `up` slider end sharing a sliderRangeId into one range slider,
// placed where the `down` end (or the group holding it) was.
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import type { Built, BuiltGroup, PendingRangeEnd } from "./built.ts";
import type { RangeSliderField } from "./types.ts";

interface Found {
  end: PendingRangeEnd;
  topIndex: number;
}

function collectEnds(children: Built[], topIndex: number | undefined, out: Found[]): void {
  children.forEach((child, i) => {
    const index = topIndex ?? i;
    if (child.kind === "rangeEnd") out.push({ end: child, topIndex: index });
    else if (child.kind === "group") collectEnds(child.children, index, out);
  });
}

function commonPrefix(a: HelmValuesPath, b: HelmValuesPath): HelmValuesPath {
  const out: HelmValuesPath = [];
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++)
    out.push(a[i] as string | number);
  return out;
}

function merge(down: PendingRangeEnd, up: PendingRangeEnd): RangeSliderField {
  const d = down.asSlider;
  const u = up.asSlider;
  return {
    kind: "rangeSlider",
    rangeId: down.rangeId,
    helmPath: commonPrefix(d.helmPath, u.helmPath),
    title: d.title,
    description: d.description,
    hidden: d.hidden && u.hidden,
    readonly: d.readonly && u.readonly,
    min: d.min,
    max: u.max,
    step: d.step,
    unit: d.unit ?? u.unit,
    down: down.end,
    up: up.end,
  };
}

/** Removes the given ends, dropping groups that only held them. */
function without(children: Built[], removed: Set<Built>): Built[] {
  const out: Built[] = [];
  for (const child of children) {
    if (removed.has(child)) continue;
    if (child.kind === "group" && child.children.length > 0) {
      const kept = without(child.children, removed);
      if (kept.length === 0) continue;
      out.push(
        kept.length === child.children.length
          ? child
          : ({ ...child, children: kept } satisfies BuiltGroup),
      );
    } else out.push(child);
  }
  return out;
}

export function mergeRangeSliders(children: Built[]): Built[] {
  const found: Found[] = [];
  collectEnds(children, undefined, found);
  const anchored = new Map<number, RangeSliderField[]>();
  const removed = new Set<Built>();
  for (const { end: down, topIndex } of found) {
    if (down.extremity !== "down" || removed.has(down)) continue;
    const up = found.find(
      (f) => f.end.extremity === "up" && f.end.rangeId === down.rangeId && !removed.has(f.end),
    );
    if (up === undefined) continue;
    removed.add(down).add(up.end);
    const list = anchored.get(topIndex) ?? [];
    list.push(merge(down, up.end));
    anchored.set(topIndex, list);
  }
  if (removed.size === 0) return children;
  const out: Built[] = [];
  children.forEach((child, i) => {
    out.push(...(anchored.get(i) ?? []));
    out.push(...without([child], removed));
  });
  return out;
}
