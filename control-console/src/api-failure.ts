/** The error message of an API answer (`{errors: [{message}]}`), or its status. */
export async function failure(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { errors?: Array<{ message?: string }> };
    return body.errors?.map((e) => e.message).join('; ') || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}
