package dev.driverlab.web.api;

/** A self-contained link: the {@code z} payload and the URL that carries it in its fragment. */
public record LinkResponse(String z, String url) {}
