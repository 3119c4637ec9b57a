/**
 * `hoistway-sim … | head` closes stdout before we finish writing. That is the reader's choice, not an
 * error: stop quietly (exit 0) instead of letting Node print an unhandled EPIPE stack trace.
 */
let installed = false;

export function exitQuietlyWhenStdoutCloses(): void {
  if (installed) return; // main() may run many times in one process (tests)
  installed = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
