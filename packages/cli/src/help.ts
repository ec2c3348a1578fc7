export const USAGE = "usage: rbac-recommender analyze --audit-log PATH [--audit-log PATH ...] [--rbac PATH ...] --out DIR [--include-denied] [--window DURATION]";

export const HELP = `rbac-recommender: least-privilege RBAC recommendations from Kubernetes audit logs

${USAGE}
       rbac-recommender demo
       rbac-recommender --help

analyze
  --audit-log PATH    audit log file or directory (recursive); repeatable. JSON lines, EventList JSON and
                      CloudWatch Logs/Firehose records, each plain or gzip (detected by content, not by name)
  --rbac PATH         RBAC objects: a .yaml/.yml/.json file or a directory of them, e.g. the output of
                      kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml
                      repeatable; without it the analysis is usage-only (existing bindings are not read)
  --out DIR           where to write recommendations.json and manifests/ (manifests/ is rewritten)
  --include-denied    also grant requests RBAC denied (403); by default they are reported, never granted
  --window DURATION   only use the last DURATION before the newest request, e.g. 90d, 12h, 30m, rounded
                      out to whole UTC days (default: all of the logs)

demo                  analyse the demo cluster shipped in demo/ into .rbac-recommender/demo

exit codes: 0 done, 1 an input is missing, unreadable or invalid or --out cannot be written, 2 bad command line`;
