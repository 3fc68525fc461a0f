// The error of one kind that a call must raise, caught so that a test can read its code, message and line.
export function catchError<E extends Error>(type: new (...args: any[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}
