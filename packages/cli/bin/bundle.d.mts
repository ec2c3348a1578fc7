/** Types of bundle.mjs, for the TypeScript that imports it (the bench, tests). */
export declare function commandBundle(): Promise<URL | undefined>;
export declare function freshBundle<Name extends string>(entries: Record<Name, string>, outdir: string): Promise<Record<Name, URL>>;
