/**
 * The one-time setup token: while no account exists, whoever presents it creates the first admin
 * (the link is printed in the log on start-up, as Jupyter and Grafana do). `SETUP_TOKEN` fixes it
 * for automation; otherwise it is random per start.
 */
import type { UserRepository } from '../repositories/users.js';
import { newSecret, sameSecret } from './secrets.js';

export class SetupGate {
  private token: string | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly fixedToken: string | undefined,
  ) {}

  /** Called at start-up: a token exists only while there are no users. */
  async init(): Promise<string | null> {
    this.token = (await this.users.count()) === 0 ? (this.fixedToken ?? newSecret()) : null;
    return this.token;
  }

  get pendingToken(): string | null {
    return this.token;
  }

  async setupRequired(): Promise<boolean> {
    if (this.token === null) return false;
    if ((await this.users.count()) > 0) this.token = null;
    return this.token !== null;
  }

  matches(given: string): boolean {
    return this.token !== null && sameSecret(this.token, given);
  }

  /** The first admin exists: the token is spent. */
  close(): void {
    this.token = null;
  }
}
