package dev.driverlab.kernel;

/** One managed resource of a device: its data, the release function to call, and what added it. */
public record DevresEntry(int id, long res, long release, String name, int size) {}
