export function packageExamples({ log }) { log("package-examples: not written yet"); }
