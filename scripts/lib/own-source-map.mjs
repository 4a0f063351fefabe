// Shrinks a source map to the project's own sources: segments that map into node_modules become
// "unmapped" (a generated column only), and the sources and names nobody references are dropped.
// Node (--enable-source-maps) parses the whole map of every loaded file into arrays: the full map
// of the server bundle (440,000 segments, 965 sources) cost about 50 MiB of heap; stack frames in
// our .ts files are the ones worth mapping (dependency frames keep their function names).
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one segment ("AAgBC") into its numbers. */
function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = B64_VALUE.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character "${char}"`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeValue(value) {
  let vlq = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let digit = vlq & 31;
    vlq >>>= 5;
    if (vlq > 0) digit |= 32;
    out += B64[digit];
  } while (vlq > 0);
  return out;
}

/**
 * `map` (a parsed source map v3) keeping only the segments whose source passes `keep(source)`.
 * Positions inside dropped sources stay explicitly unmapped, so a lookup there never lands on the
 * previous kept segment of the (long, minified) line.
 *
 * With `{ columns: false }`, a segment that continues the same original line as the segment kept
 * before it on the generated line is dropped too: a lookup anywhere in the run lands on its first
 * segment, so stack traces still name the right .ts line (its column is the run's first). Node
 * decodes every segment of a map into an array of its own the first time a stack is mapped
 * (about 130 bytes each, kept for the process's life): the server's map goes from 46,000 to
 * about a third as many.
 */
export function filterSourceMap(map, keep, { columns = true } = {}) {
  const keptSources = [];
  const sourceIndex = new Map();
  const keptNames = [];
  const nameIndex = new Map();
  // Absolute state of the input (VLQ fields are deltas across the whole file, but the column
  // resets on each line) and of the output.
  let inSource = 0;
  let inLine = 0;
  let inColumn = 0;
  let inName = 0;
  let outSource = 0;
  let outLine = 0;
  let outColumn = 0;
  let outName = 0;
  const lines = map.mappings.split(";").map((line) => {
    let genColumn = 0;
    let outGenColumn = 0;
    let lastMapped = false; // a line starts unmapped
    const out = [];
    for (const text of line ? line.split(",") : []) {
      const fields = decodeSegment(text);
      genColumn += fields[0];
      let mapped = false;
      if (fields.length >= 4) {
        inSource += fields[1];
        inLine += fields[2];
        inColumn += fields[3];
        if (fields.length >= 5) inName += fields[4];
        const source = map.sources[inSource];
        mapped = keep(source);
        const sameLine =
          !columns && lastMapped && sourceIndex.get(inSource) === outSource && inLine === outLine;
        if (mapped && sameLine) {
          // Same original line as the kept segment before it: the lookup lands there anyway.
        } else if (mapped) {
          let s = sourceIndex.get(inSource);
          if (s === undefined) {
            s = keptSources.push(inSource) - 1;
            sourceIndex.set(inSource, s);
          }
          let segment =
            encodeValue(genColumn - outGenColumn) +
            encodeValue(s - outSource) +
            encodeValue(inLine - outLine) +
            encodeValue(inColumn - outColumn);
          outSource = s;
          outLine = inLine;
          outColumn = inColumn;
          if (fields.length >= 5) {
            let n = nameIndex.get(inName);
            if (n === undefined) {
              n = keptNames.push(inName) - 1;
              nameIndex.set(inName, n);
            }
            segment += encodeValue(n - outName);
            outName = n;
          }
          out.push(segment);
          outGenColumn = genColumn;
        }
      }
      if (!mapped && lastMapped) {
        out.push(encodeValue(genColumn - outGenColumn));
        outGenColumn = genColumn;
      }
      lastMapped = mapped;
    }
    return out.join(",");
  });
  const { sourcesContent, ...rest } = map;
  return {
    ...rest,
    sources: keptSources.map((i) => map.sources[i]),
    ...(sourcesContent ? { sourcesContent: keptSources.map((i) => sourcesContent[i]) } : {}),
    names: keptNames.map((i) => map.names[i]),
    mappings: lines.join(";"),
  };
}
