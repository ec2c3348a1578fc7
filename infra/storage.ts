/**
 * The results bucket: nightly reports, manifests, usage partials, the ledger and run records (written by the
 * nightly function), and later the API's review state. Private; only the functions given access reach it.
 */
export const results = new sst.aws.Bucket("Results");
