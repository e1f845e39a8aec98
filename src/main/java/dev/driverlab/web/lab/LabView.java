package dev.driverlab.web.lab;

import dev.driverlab.web.wire.SessionStateDto;
import java.util.List;

/**
 * The session as it was after {@code step} (the lab's step slider), or as it is now: its state, renderable on its
 * own, and the heap objects' fields, which the state leaves out.
 */
public record LabView(long step, boolean head, SessionStateDto state, List<HeapObject> heap) {}
