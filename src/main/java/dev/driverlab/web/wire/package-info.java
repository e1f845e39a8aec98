/**
 * The wire format of the trace, owned by the web layer: {@link dev.driverlab.web.wire.EventDto} and
 * {@link dev.driverlab.web.wire.ReportDto} are what REST ({@code /api/sessions/{id}/trace}, a batch's response, a
 * stateless run) and STOMP ({@code events} and {@code state} frames) send, mapped from the engine's trace records, so
 * the engine can change its records without changing what clients (the lab's {@code PushDecoder.js}) read. Used by
 * every other web part; uses none of them.
 */
package dev.driverlab.web.wire;
