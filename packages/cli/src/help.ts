export const ANALYZE_USAGE =
  "usage: rbac-recommender analyze --audit-log PATH|s3://BUCKET/PREFIX [--audit-log PATH ...] [--rbac PATH ... | --kubeconfig FILE [--context NAME]] (--out DIR | --store DIR|s3://BUCKET/PREFIX) [--include-denied] [--window DURATION] [--exceptions FILE]";
export const SERVE_USAGE = "usage: rbac-recommender serve --store DIR|s3://BUCKET/PREFIX [--port 8787] [--token TOKEN] [--host 127.0.0.1]";
export const DEMO_USAGE = "usage: rbac-recommender demo [--no-serve] [--port 8787] [--token TOKEN] [--host 127.0.0.1]";

/** For mistakes outside any one command (no command, an unknown one). */
export const USAGE = [ANALYZE_USAGE, SERVE_USAGE.replace("usage:", "      "), DEMO_USAGE.replace("usage:", "      ")].join("\n");

export const HELP = `rbac-recommender: least-privilege RBAC recommendations from Kubernetes audit logs

${USAGE}
       rbac-recommender --help

analyze
  --audit-log PATH    audit log file or directory (recursive); repeatable. Or one s3://BUCKET/PREFIX: every
                      object under it. JSON lines, EventList JSON and CloudWatch Logs/Firehose records, each
                      plain or gzip (detected by content, not by name)
  --rbac PATH         RBAC objects: a .yaml/.yml/.json file or a directory of them, e.g. the output of
                      kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml
                      repeatable
  --kubeconfig FILE   read RBAC live from the cluster of FILE's current context (or --context NAME) instead;
                      without --rbac or --kubeconfig the analysis is usage-only (existing bindings are not read)
  --out DIR           one-shot: write recommendations.json and manifests/ to DIR (manifests/ is rewritten)
  --store DIR|s3://BUCKET/PREFIX
                      incremental, as the nightly job: read only audit objects not read before, merge the
                      window from the store's partials, publish the run's results in the store
  --include-denied    also grant requests RBAC denied (403); by default they are reported, never granted
  --window DURATION   with --out: only the last DURATION before the newest request, e.g. 90d, 12h, 30m,
                      rounded out to whole UTC days (default: all of the logs); with --store: whole days
                      ending today (default 90d)
  --exceptions FILE   the keep-list (YAML/JSON): { exceptions: [{ subject: {kind, name, namespace?} | binding:
                      {kind, name, namespace?}, owner, reason, expires? }] }; what it names is not touched
                      until it expires, and the report says who decided so

serve                 the review API over a store, until Ctrl-C (SIGINT) or SIGTERM; prints its URL and
                      bearer token (generated unless --token is given); listens on 127.0.0.1 unless --host

demo                  analyse the demo cluster shipped in demo/ through the nightly pipeline into
                      .rbac-recommender/demo-store (and .rbac-recommender/demo), then serve the review API on
                      it (--no-serve: stop after the analysis)

S3 is reached with the AWS SDK's standard settings: AWS_REGION, AWS_ENDPOINT_URL_S3, the credentials chain
(AWS_PROFILE, environment, SSO...), and S3_FORCE_PATH_STYLE=true for S3-compatible servers.

exit codes: 0 done, 1 an input, the store or --out cannot be read or written, or the run failed, 2 bad command line`;
