/* global fetch, AbortSignal */
// Container HEALTHCHECK for the Node images (no curl in node:*-slim): GET http://127.0.0.1:$PORT<path>,
// exit 0 on a 2xx answer within 2.5 s, else 1.
const path = process.argv[2] ?? '/api/health';
const url = `http://127.0.0.1:${process.env.PORT ?? 5007}${path}`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(2500) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
