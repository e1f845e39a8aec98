package dev.driverlab.engine;

import dev.driverlab.engine.compile.Unit;
import dev.driverlab.kernel.Addresses;

/** A compiled unit loaded at an address: the kernel (slot 0) or one load of a module (its own slot). */
public record Image(Unit unit, int slot, long text, long data) {

    public static Image kernel(Unit unit) {
        return new Image(unit, 0, Addresses.KERNEL_TEXT, Addresses.KERNEL_DATA);
    }

    public static Image module(Unit unit, int slot) {
        return new Image(unit, slot, Addresses.moduleText(slot), Addresses.moduleData(slot));
    }

    public long functionAddress(int index) {
        return text + ((long) index << Addresses.FUNCTION_SHIFT);
    }

    public String moduleName() {
        return slot == 0 ? null : unit.name;
    }
}
