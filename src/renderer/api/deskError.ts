/** A failed desk API call, with the back end's error code when it sent one. */
export class DeskCallError extends Error {
  readonly code: string;
  readonly httpStatus: number | null;

  constructor(code: string, message: string, httpStatus: number | null = null) {
    super(`${code}: ${message}`);
    this.name = 'DeskCallError';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/** The text to show for anything a call threw. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/** Turn a non-2xx reply body (`{ error: { code, message } }` by protocol) into an error. */
export function errorFromReply(httpStatus: number, body: unknown): DeskCallError {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === 'object') {
      const { code, message } = e as { code?: unknown; message?: unknown };
      return new DeskCallError(typeof code === 'string' ? code : `http_${httpStatus}`, typeof message === 'string' ? message : `HTTP ${httpStatus}`, httpStatus);
    }
  }
  return new DeskCallError(`http_${httpStatus}`, `HTTP ${httpStatus}`, httpStatus);
}
