package dev.driverlab.web.api;

import dev.driverlab.web.wire.EventDto;
import java.util.List;

/**
 * Trace events with seqs {@code from} to {@code next - 1}; {@code size} is the whole trace's length, so a client
 * with {@code next < size} asks again from {@code next}. A client that reconnects asks from the seq after the last
 * one it has: nothing is missed, nothing repeated.
 */
public record TracePage(long from, long next, long size, List<EventDto> events) {}
