package dev.driverlab.room;

/** The caps on rooms: how many exist, members per room, questions per room, name length, idle presence. */
public record RoomLimits(int maxRooms, int maxMembers, int maxQuestions, int maxName, long connectedMillis) {
    public static final RoomLimits DEFAULT = new RoomLimits(200, 250, 500, 40, 45_000);
}
