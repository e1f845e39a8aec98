/**
 * STOMP over WebSocket at {@code /ws}: every command applied to a session, by anyone, is pushed to
 * {@code /topic/sessions/{id}} as its trace events in order, then the new state; clients may also send commands to
 * {@code /app/sessions/{id}/commands} (errors come back on {@code /user/queue/errors}). The simple in-memory broker
 * is the default; {@code driverlab.push.relay.enabled=true} relays to an external STOMP broker (RabbitMQ) instead,
 * for several instances behind a load balancer (README, "Scaling out").
 */
package dev.driverlab.web.push;
