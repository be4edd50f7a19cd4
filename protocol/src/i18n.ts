import { z } from 'zod';

/** Languages of the product: Vietnamese (default) and English. */
export const LanguageSchema = z.enum(['vi', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

/** A label in both languages. Every user-facing name in config carries both. */
export const LabelSchema = z.object({
  vi: z.string().min(1),
  en: z.string().min(1),
});
export type Label = z.infer<typeof LabelSchema>;
