/**
 * The wire format, owned by the web layer: what REST and STOMP send of the engine's and the sessions' data is these
 * records, each mapped once from its engine or session type by its {@code of} method. {@link
 * dev.driverlab.web.wire.EventDto} and {@link dev.driverlab.web.wire.ReportDto} (trace events and bug reports: trace
 * pages, a batch's response, a stateless run, STOMP {@code events} and {@code state} frames), {@link
 * dev.driverlab.web.wire.StateDto} (the machine after a step, from the engine's {@code StateView}), {@link
 * dev.driverlab.web.wire.SessionStateDto} (a session now: REST responses, the lab's past views, rooms, and the
 * state STOMP pushes as merge patches) and {@link dev.driverlab.web.wire.HistoryDto} (commands and cuts). The engine
 * and the sessions can change their records without changing what clients (the lab's {@code SessionModel.js} and
 * {@code PushDecoder.js}) read: a field the wire should carry is added here on purpose. Used by every other web
 * part; uses none of them.
 */
package dev.driverlab.web.wire;
