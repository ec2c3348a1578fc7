/**
 * What a decoding thread needs, and nothing more: audit bytes in, a Usage partial out. The package's main entry
 * also loads the zod schemas, YAML and the analysis, which made a decoding worker start four times slower
 * while the main thread was already reading.
 */
export * from "./audit/request.ts";
export * from "./audit/decoder.ts";
export * from "./usage/usage.ts";
