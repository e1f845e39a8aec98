package dev.driverlab.room;

/**
 * A room that existed and is gone: its teacher closed it ({@code room-closed}) or it was idle past
 * {@code driverlab.rooms.idle} and the sweep deleted it ({@code room-expired}). Maps to 410 Gone with that code.
 */
public class RoomGoneException extends RuntimeException {
    private final String code;

    RoomGoneException(String room, String reason) {
        super(
                RoomService.CLOSED.equals(reason)
                        ? "room " + room + " was closed by its teacher"
                        : "room " + room + " expired: nobody used it for too long, so it was deleted");
        this.code = "room-" + reason;
    }

    /** {@code room-closed} or {@code room-expired}. */
    public String code() {
        return code;
    }
}
