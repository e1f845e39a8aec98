/**
 * Live sessions: one scenario, one simulated kernel and the ordered commands applied to it. The kernel state is
 * derived from (scenario, commands) because the engine is deterministic, so rewind, eviction, restart recovery and
 * share links all rebuild a state by replaying commands from the nearest snapshot. Nothing here knows about HTTP
 * or STOMP; changes are announced as application events ({@link dev.driverlab.session.SessionEvent}).
 */
package dev.driverlab.session;
