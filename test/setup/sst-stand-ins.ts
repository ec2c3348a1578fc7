/**
 * Recorded stand-ins for the globals SST gives sst.config.ts and infra/*.ts ($config, $app, $interpolate,
 * sst.aws.*, sst.Secret). Outputs are represented as readable tokens such as `{Results.arn}` and
 * `{secret:AuditBucket}`, so a test can see exactly what a policy or an environment variable refers to.
 */
export interface RecordedResource {
  type: string;
  name: string;
  args: Record<string, unknown>;
}

export interface RecordedRoute {
  api: string;
  route: string;
  handler: unknown;
  args: Record<string, unknown>;
}

export interface SstStandIns {
  routes: RecordedRoute[];
  resources: RecordedResource[];
  find(type: string, name: string): RecordedResource | undefined;
  uninstall(): void;
}

const GLOBALS = ["$config", "$app", "$interpolate", "$resolve", "sst"] as const;

export function installSstStandIns(stage = "test"): SstStandIns {
  const resources: RecordedResource[] = [];
  const routes: RecordedRoute[] = [];
  const record = (type: string) =>
    class {
      readonly name: string;
      constructor(name: string, args: Record<string, unknown> = {}) {
        this.name = name;
        resources.push({ type, name, args });
        Object.assign(this, outputsOf(type, name));
      }
    };
  const secret = class {
    readonly value: string;
    constructor(name: string, placeholder?: string) {
      this.value = `{secret:${name}}`;
      resources.push({ type: "sst.Secret", name, args: placeholder === undefined ? {} : { placeholder } });
    }
  };
  const scope = globalThis as Record<string, unknown>;
  const saved = GLOBALS.map((name) => [name, scope[name]] as const);
  Object.assign(scope, {
    $config: (config: unknown) => config,
    $app: { name: "rbac-recommender", stage },
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), ""),
    $resolve: (values: unknown) => values,
    sst: {
      Secret: secret,
      Linkable: record("sst.Linkable"),
      aws: {
        Bucket: record("sst.aws.Bucket"),
        Function: record("sst.aws.Function"),
        Cron: record("sst.aws.Cron"),
        CronV2: record("sst.aws.CronV2"),
        ApiGatewayV2: class extends record("sst.aws.ApiGatewayV2") {
          route(route: string, handler: unknown, args: Record<string, unknown> = {}) {
            routes.push({ api: this.name, route, handler, args });
          }
        },
        Router: record("sst.aws.Router"),
      },
    },
  });
  return {
    resources,
    routes,
    find: (type, name) => resources.find((r) => r.type === type && r.name === name),
    uninstall() {
      for (const [name, value] of saved) {
        if (value === undefined) delete scope[name];
        else scope[name] = value;
      }
    },
  };
}

function outputsOf(type: string, name: string): Record<string, string> {
  if (type === "sst.aws.Bucket") return { name: `{${name}.name}`, arn: `{${name}.arn}` };
  if (type === "sst.aws.Function") return { name: `{${name}.name}`, arn: `{${name}.arn}`, url: `{${name}.url}` };
  if (type === "sst.aws.ApiGatewayV2") return { url: `{${name}.url}` };
  return { urn: `{${name}.urn}` };
}
