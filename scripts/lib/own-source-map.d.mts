export interface SourceMapV3 {
  version: number;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}

export function filterSourceMap(
  map: SourceMapV3,
  keep: (source: string) => boolean,
  options?: { columns?: boolean },
): SourceMapV3;
