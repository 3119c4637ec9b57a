/**
 * Errors caused by the user's input (files, options). The CLI prints their message alone and exits
 * with code 2; anything else is an internal error (exit 1).
 */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** Exit codes of hoistway-sim. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
