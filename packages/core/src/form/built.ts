// Intermediate tree while building: range-slider ends wait for their partner, which may sit
// in a sibling group (requests.cpu / limits.cpu), before being merged or turned into sliders.
import type { FormGroup, FormNode, RangeSliderEnd, SliderField } from "./types.ts";

export interface PendingRangeEnd {
  kind: "rangeEnd";
  rangeId: string;
  extremity: "down" | "up";
  end: RangeSliderEnd;
  /** What the end becomes if no partner is found. */
  asSlider: SliderField;
}

export interface BuiltGroup extends Omit<FormGroup, "children"> {
  children: Built[];
}

export type Built = Exclude<FormNode, FormGroup> | BuiltGroup | PendingRangeEnd;

export function finalizeGroup(group: BuiltGroup): FormGroup {
  return { ...group, children: group.children.map(finalizeNode) };
}

export function finalizeNode(node: Built): FormNode {
  if (node.kind === "rangeEnd") return node.asSlider;
  if (node.kind === "group") return finalizeGroup(node);
  return node;
}
