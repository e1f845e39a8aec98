package dev.driverlab.session;

/**
 * What happened to a session, published as a Spring application event while the session is still locked, so
 * listeners (the STOMP publisher) see one session's events in the order they happened.
 */
public sealed interface SessionEvent {
    String sessionId();

    /** A batch of commands ran; {@code version} is the session's {@link Session#version()} after it. */
    record Applied(String sessionId, String version, Batch batch) implements SessionEvent {}

    /** The session went back to {@code step}; events from seq {@code state.next()} on were dropped. */
    record Rewound(String sessionId, String version, long step, SessionState state) implements SessionEvent {}

    record Deleted(String sessionId) implements SessionEvent {}
}
