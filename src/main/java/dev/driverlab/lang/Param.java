package dev.driverlab.lang;

/** A function parameter; name is null in prototypes that omit it. */
public record Param(String name, TypeRef type, Pos pos) {}
