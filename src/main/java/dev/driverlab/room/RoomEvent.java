package dev.driverlab.room;

/** Something in a room changed; the STOMP publisher tells the room's pages ({@code type}: members, question, answers, recall). */
public record RoomEvent(String code, String type) {}
