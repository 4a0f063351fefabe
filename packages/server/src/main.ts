// Entry point: filled in by the foundation work.
console.log("onyxia-ts server: not implemented yet");
