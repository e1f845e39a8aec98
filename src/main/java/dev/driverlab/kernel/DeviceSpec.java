package dev.driverlab.kernel;

/** A device present at boot: its name, its bus ("platform" or "usb") and its IRQ line (null: none). */
public record DeviceSpec(String name, String bus, Integer irq) {}
