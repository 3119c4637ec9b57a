/**
 * A session rebuilt for a moment to answer a question (its results while nobody has it loaded) and
 * a viewer joining it at that moment: the copy is hosted under a key of its own. Before, both used the
 * same slot on the host and the copy's close removed the viewer's session, so the next control
 * answered 404 (the live view asks for results when it opens, as it joins).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveTestApp } from './live-helpers.js';

let t: LiveTestApp;
beforeAll(async () => {
  t = await startLiveApp({ workers: 1 });
});
afterAll(() => t?.close());

describe('transient sessions', () => {
  it('a join during a transient results query gets a session that stays loaded', async () => {
    const sessionId = await t.createSession();
    const manager = t.app.liveSessions;
    // Both at once, as the live view does when it opens.
    await Promise.all([manager.results(sessionId), manager.join(sessionId)]);
    const state = await manager.control(sessionId, { type: 'hallCall', floor: 3, direction: 'down' });
    expect(state.sessionId).toBe(sessionId);
    await manager.leave(sessionId);
  });
});
