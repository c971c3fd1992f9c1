/** An error with a protocol code, raised by domain rules and turned into a reply at the edges. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status for the floor API */
    readonly status = 400,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, 404);
