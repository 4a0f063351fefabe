/** A `$ref` that points nowhere, or a chain of refs that loops back on itself. */
export class SchemaResolutionError extends Error {
  override readonly name = "SchemaResolutionError";
  constructor(
    message: string,
    /** Dotted path of the schema node carrying the faulty ref, e.g. `properties.resources.$ref`. */
    readonly path: string,
    readonly ref: string,
  ) {
    super(message);
  }
}

/** A (resolved) schema Ajv refuses to compile: bad `type`, invalid regex, unknown `$schema`... */
export class InvalidSchemaError extends Error {
  override readonly name = "InvalidSchemaError";
}
