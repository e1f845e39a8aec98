package dev.driverlab.room;

/**
 * Something in a room changed; the STOMP publisher tells the room's pages ({@code type}: members, question, answers,
 * recall; closed or expired: the room is gone).
 */
public record RoomEvent(String code, String type) {}
