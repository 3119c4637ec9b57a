/**
 * postgres.js clients for bulk ingest. postgres.js leaves Nagle's algorithm on, and the small messages
 * that follow a COPY (CopyDone, then the next statement) then wait for the server's delayed ACK: about
 * 40 ms per statement, i.e. ~80 ms per episode transaction. Its documented `socket` option lets us
 * open the TCP connection ourselves with TCP_NODELAY.
 */
import { connect, type Socket } from 'node:net';
import postgres from 'postgres';

const CONNECT_TIMEOUT_S = 10;

interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

/** A connected socket with TCP_NODELAY; the first host of a multi-host URL; unix sockets as given. */
export function openNoDelaySocket({ host, port, path }: SocketTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const target = path ? { path } : { host: host[0] ?? 'localhost', port: port[0] ?? 5432, noDelay: true };
    const socket = connect(target);
    socket.setTimeout(CONNECT_TIMEOUT_S * 1000, () =>
      socket.destroy(
        Object.assign(new Error(`connect timeout after ${CONNECT_TIMEOUT_S} s`), { code: 'CONNECT_TIMEOUT' }),
      ),
    );
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeListener('error', reject);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/** A client of at most `max` connections, quiet about NOTICEs, with no-delay sockets. */
export function createPgClient(url: string, max: number): postgres.Sql {
  const options = {
    max,
    connect_timeout: CONNECT_TIMEOUT_S,
    // postgres.js prints NOTICEs (e.g. "schema drizzle already exists") to the console by default.
    onnotice: () => {},
    // Documented option, missing from postgres.js's type declarations.
    socket: openNoDelaySocket,
  };
  return postgres(url, options as postgres.Options<Record<string, postgres.PostgresType>>);
}
