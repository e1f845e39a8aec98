package dev.driverlab.kernel;

/**
 * The simulated kernel's identity as {@code uname -r}/{@code -v} would give it (init_utsname()): what the CPU line of
 * an Oops, lockdep's headers and the hung-task report print. The model is Linux 6.1, the kernel reports are checked
 * against; "-driverlab" says it is a simulation.
 */
public final class Uts {
    public static final String RELEASE = "6.1.0-driverlab";
    /** LINUX_VERSION_CODE of that release: KERNEL_VERSION(6, 1, 0), what a driver's {@code #if} compares. */
    public static final int VERSION_CODE = (6 << 16) + (1 << 8);

    public static final String VERSION = "#1";
    /** Release and version as the reports print them, e.g. at the end of the "CPU: ..." line. */
    public static final String RELEASE_AND_VERSION = RELEASE + " " + VERSION;

    private Uts() {}
}
