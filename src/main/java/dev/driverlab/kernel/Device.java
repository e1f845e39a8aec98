package dev.driverlab.kernel;

/** A device present in the world: where its {@code struct platform_device} and {@code struct device} live. */
public record Device(String name, Bus bus, Integer irq, long pdev, long dev) {}
