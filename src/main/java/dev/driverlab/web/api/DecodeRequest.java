package dev.driverlab.web.api;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/links/decode}: a {@code #z=} payload (the part after {@code z=}). */
public record DecodeRequest(@NotBlank String z) {}
