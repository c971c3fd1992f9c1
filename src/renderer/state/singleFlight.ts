/**
 * A read that never runs twice at once: asked again while it is in flight, it runs once more after
 * that one ends (through `rerun`, which may delay it), so the last answer shown is never older than
 * the last change that asked for it.
 */
export function singleFlight(run: () => Promise<void>, rerun: (read: () => Promise<void>) => void = (read) => void read()): () => Promise<void> {
  let inFlight = false;
  let again = false;
  const read = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      await run();
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        rerun(read);
      }
    }
  };
  return read;
}
