/**
 * Runs `work` over `items` with at most `limit` in flight. S3 round trips dominate a nightly run; a few in
 * parallel keep it inside the Lambda time limit without flooding the bucket. After the first failure no new
 * item starts, and the call settles only when every started item has, so nothing keeps writing after a run
 * has been recorded as failed.
 */
export async function forEachConcurrent<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}
