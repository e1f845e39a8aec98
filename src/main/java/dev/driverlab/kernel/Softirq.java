package dev.driverlab.kernel;

/**
 * The softirq vectors the simulated kernel raises from Java, numbered as include/linux/interrupt.h's enum (the
 * prelude's kernel C names them the same: {@code TIMER_SOFTIRQ}, {@code TASKLET_SOFTIRQ}, {@code RCU_SOFTIRQ}).
 */
public final class Softirq {
    public static final int HI = 0;
    public static final int TIMER = 1;
    public static final int TASKLET = 6;
    public static final int RCU = 9;

    private Softirq() {}
}
