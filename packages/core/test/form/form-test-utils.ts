import type { FormNode } from "../../src/form/index.ts";

/** The node at a slash-joined helm path, searched through groups and array items. */
export function findNode(nodes: FormNode[], path: string): FormNode | undefined {
  for (const node of nodes) {
    if (node.helmPath.join("/") === path && node.kind !== "rangeSlider") return node;
    const children =
      node.kind === "group" ? node.children : node.kind === "array" ? node.items : [];
    const found = findNode(children, path);
    if (found !== undefined) return found;
  }
  return undefined;
}
