import { z } from "zod";
import { BindingRefSchema, SubjectSchema } from "../recommend/schema.ts";

/**
 * The keep-list: subjects or bindings a team has decided to keep as they are, with an owner, a reason and
 * (usually) an expiry, after which the recommendation comes back.
 */
export const ExceptionSchema = z
  .object({
    subject: SubjectSchema.optional(),
    binding: BindingRefSchema.optional(),
    owner: z.string().min(1),
    reason: z.string().min(1),
    expires: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((e) => (e.subject ? 1 : 0) + (e.binding ? 1 : 0) === 1, { message: "an exception names exactly one subject or one binding" });

export const ExceptionListSchema = z.object({ exceptions: z.array(ExceptionSchema) });

export type RecommendationException = z.infer<typeof ExceptionSchema>;

export function isInForce(e: RecommendationException, now: number): boolean {
  return e.expires === undefined || Date.parse(e.expires) > now;
}

type SubjectLike = { kind: string; name: string; namespace?: string | undefined };
type BindingLike = { kind: string; name: string; namespace?: string | undefined };

export function exceptsSubject(e: RecommendationException, s: SubjectLike): boolean {
  return !!e.subject && e.subject.kind === s.kind && e.subject.name === s.name && (e.subject.namespace ?? "") === (s.namespace ?? "");
}

export function exceptsBinding(e: RecommendationException, b: BindingLike): boolean {
  return !!e.binding && e.binding.kind === b.kind && e.binding.name === b.name && (e.binding.namespace ?? "") === (b.namespace ?? "");
}
