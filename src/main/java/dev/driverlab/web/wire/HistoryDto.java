package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.session.History;
import java.util.List;

/**
 * A session's history on the wire: its {@code commands} in order and the {@code cuts} a rewind left (command number
 * {@code command}, 0-based, ran only until step {@code step}). Mapped from {@link History}; empty lists are left out.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HistoryDto(List<String> commands, List<CutDto> cuts) {

    public static HistoryDto of(History h) {
        return new HistoryDto(h.commands(), CutDto.of(h.cuts()));
    }

    /** Command number {@code command} (0-based) ran until the machine had executed {@code step} steps in all. */
    public record CutDto(int command, long step) {
        public static List<CutDto> of(List<History.Cut> cuts) {
            return cuts == null
                    ? null
                    : cuts.stream().map(c -> new CutDto(c.command(), c.step())).toList();
        }

        /** The sessions' form of cuts a request gives (null stays null, in the list too). */
        public static List<History.Cut> cuts(List<CutDto> cuts) {
            return cuts == null
                    ? null
                    : cuts.stream()
                            .map(c -> c == null ? null : new History.Cut(c.command(), c.step()))
                            .toList();
        }
    }
}
