/**
 * The wire format, owned by the web layer: what REST and STOMP send of the engine's and the sessions' data is these
 * records, each mapped once from its engine or session type by its {@code of} method. {@link
 * dev.driverlab.web.wire.EventDto} and {@link dev.driverlab.web.wire.ReportDto} (trace events and bug reports: trace
 * pages, a batch's response, a stateless run, STOMP {@code events} and {@code state} frames), {@link
 * dev.driverlab.web.wire.StateDto} (the machine after a step, from the engine's {@code StateView}), {@link
 * dev.driverlab.web.wire.SessionStateDto} (a session now: REST responses, the lab's past views, rooms, and the
 * state STOMP pushes as merge patches), {@link dev.driverlab.web.wire.HistoryDto} (commands and cuts),
 * {@link dev.driverlab.web.wire.ScenarioDto} and {@link dev.driverlab.web.wire.SpecDto} (a scenario, the spec a
 * session names it by, a link's content), {@link dev.driverlab.web.wire.ExploreResultDto} (a race search) and
 * {@link dev.driverlab.web.wire.GradeDto} (a graded exercise), {@link dev.driverlab.web.wire.LessonDto},
 * {@link dev.driverlab.web.wire.ExerciseDto} and {@link dev.driverlab.web.wire.RoomDto} (the workshop's listings and
 * rooms) and {@link dev.driverlab.web.wire.RoomFrameDto} (what a room's STOMP topic carries). Request bodies read
 * these records too (a world and its devices, a rewind's cuts), mapped once into the sessions' {@code ScenarioSpec}
 * and {@code History.Cut} (the stored form of sessions and shares) by {@code SpecDto.WorldSpecDto.spec} and
 * {@code HistoryDto.CutDto.cuts}. The engine and the sessions can change their records without changing what clients (the lab's {@code SessionModel.js} and
 * {@code PushDecoder.js}) read: a field the wire should carry is added here on purpose. Used by every other web
 * part; uses none of them.
 */
package dev.driverlab.web.wire;
