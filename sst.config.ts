/// <reference path="./.sst/platform/config.d.ts" />

// Thin on purpose: the resources live in infra/*.ts, one file per concern.
export default $config({
  app(input) {
    return {
      name: "rbac-recommender",
      home: "aws",
      // Results and review state are the product; never delete them with a production stage.
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    const storage = await import("./infra/storage");
    const analysis = await import("./infra/analysis");
    const review = await import("./infra/api");
    return {
      resultsBucket: storage.results.name,
      nightlySchedule: analysis.NIGHTLY_SCHEDULE,
      apiUrl: review.api.url,
    };
  },
});
