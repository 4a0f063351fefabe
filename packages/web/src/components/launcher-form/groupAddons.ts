import { createContext, useContext, type ReactNode } from "react";

/**
 * What a page adds at the top of a top-level group of the form, by the group's helm path
 * ("s3": the launcher's S3 profile selector inside the chart's S3 section).
 */
export type GroupAddons = Readonly<Record<string, ReactNode>>;

export const GroupAddonsContext = createContext<GroupAddons>({});

export function useGroupAddon(helmPath: readonly (string | number)[]): ReactNode {
  return useContext(GroupAddonsContext)[helmPath.join(".")];
}
