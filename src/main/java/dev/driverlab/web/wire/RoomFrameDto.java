package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A STOMP frame on a room's topic: its {@code type} ({@code step}: the presented session moved, with its
 * {@code steps}, the {@code dmesg} lines the commands printed, the contexts that {@code ran} (in order: the reveal of
 * "what runs next?") and a lean {@code state}; {@code ended}; or what
 * changed in the room: {@code members}, {@code question}, {@code answers}, {@code recall}). Absent parts are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomFrameDto(String type, Long steps, List<String> dmesg, List<String> ran, LeanStateDto state) {

    /** A frame that says only what changed. */
    public static RoomFrameDto of(String type) {
        return new RoomFrameDto(type, null, null, null, null);
    }

    /**
     * What a student's page draws of a step (the step, each context and where it is, the reports): a room's frame
     * goes to every member, so it carries no trace events, objects or devices (a forked copy has them all).
     */
    public record LeanStateDto(long steps, boolean stopped, LeanMachineDto machine, List<String> reports) {
        public static LeanStateDto of(SessionStateDto state) {
            return new LeanStateDto(
                    state.steps(),
                    state.stopped(),
                    new LeanMachineDto(StateDto.map(state.machine().contexts(), LeanContextDto::of)),
                    state.reports().stream()
                            .map(r -> r.kind() + ": " + r.title())
                            .toList());
        }
    }

    /** The machine of a lean state: its contexts only. */
    public record LeanMachineDto(List<LeanContextDto> contexts) {}

    /** A context: its name and status, what it waits on, and only the innermost frame of its stack. */
    public record LeanContextDto(
            String name,
            String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) String waitingOn,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<LeanFrameDto> stack) {
        static LeanContextDto of(StateDto.ContextDto c) {
            return new LeanContextDto(
                    c.name(),
                    c.status(),
                    c.waitingOn(),
                    c.stack().isEmpty()
                            ? null
                            : List.of(new LeanFrameDto(c.stack().get(0).function())));
        }
    }

    /** A stack frame of a lean context: its function. */
    public record LeanFrameDto(String function) {}
}
