package dev.driverlab.web.api;

/** A stored share: its id, its link ({@code /s/{id}}) and the equivalent self-contained {@code /lab#z=} link. */
public record ShareResponse(String id, String url, String fragmentUrl) {}
