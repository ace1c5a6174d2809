import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { ApiError, describeError } from "@/lib/frontend/fetcher";

export type FieldErrors = Record<string, string>;

function toFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    errors[field] ??= issue.message;
  }
  return errors;
}

function readForm(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string") values[name] = value;
  return values;
}

function focusFirstInvalid(form: HTMLFormElement, errors: FieldErrors): void {
  const first = Object.keys(errors).find((name) => form.elements.namedItem(name));
  const element = first ? form.elements.namedItem(first) : null;
  if (element instanceof HTMLElement) element.focus();
}

/**
 * Validates a form's fields with the same zod schema the server uses, then
 * submits; server field errors land next to their fields, the rest above the button.
 */
export function useZodForm<S extends z.ZodType>(schema: S, submit: (data: z.output<S>, form: HTMLFormElement) => Promise<void>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = schema.safeParse(readForm(form));
    setFormError(null);
    if (!parsed.success) {
      const fieldErrors = toFieldErrors(parsed.error);
      setErrors(fieldErrors);
      focusFirstInvalid(form, fieldErrors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await submit(parsed.data, form);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      setFormError(describeError(error));
      focusFirstInvalid(form, fields);
    } finally {
      setSubmitting(false);
    }
  }

  return { onSubmit, errors, formError, submitting };
}
