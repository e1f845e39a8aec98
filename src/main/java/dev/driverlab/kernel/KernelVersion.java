package dev.driverlab.kernel;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kernel a scenario simulates ({@code kernel: "6.6"}; 6.1 when it says nothing): its release, and the report
 * wordings that changed between 6.1 and 6.6. Only KASAN's changed among the reports DriverLab prints (6.3:
 * mm/kasan/report_generic.c's get_shadow_bug_type says {@code slab-use-after-free} for a freed slab object, a freed
 * page staying {@code use-after-free}; mm/kasan/report.c's describe_object_addr measures the object against its
 * allocated size and says {@code allocated }/{@code freed } before it). The code paths are 6.1's in both.
 */
public enum KernelVersion {
    V6_1(6, 1),
    V6_6(6, 6);

    public final int major;
    public final int minor;

    KernelVersion(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    /** What a scenario writes: "6.1". */
    public String label() {
        return major + "." + minor;
    }

    /** {@code uname -r}, as reports print it. */
    public String release() {
        return label() + ".0-driverlab";
    }

    public String releaseAndVersion() {
        return release() + " " + Uts.VERSION;
    }

    /** LINUX_VERSION_CODE: KERNEL_VERSION(major, minor, 0). */
    public int versionCode() {
        return (major << 16) + (minor << 8);
    }

    /** 6.3 and later: {@code slab-use-after-free}, and the object described by its allocated size. */
    public boolean kasanSlabUseAfterFree() {
        return compareTo(V6_6) >= 0;
    }

    /** The version a scenario names, or null when DriverLab does not model it. */
    public static KernelVersion parse(String label) {
        for (KernelVersion v : values()) if (v.label().equals(label)) return v;
        return null;
    }

    /**
     * The one check of a version a scenario names, whoever wrote it (a scenario file's {@code kernel:} key, a
     * request's {@code world.kernel}): null when DriverLab models it, else what is wrong.
     */
    public static String problem(String given) {
        return parse(given) != null ? null : unknown(given);
    }

    /** What is said of a version DriverLab does not model (or a YAML number, which loses "6.10"'s zero). */
    public static String unknown(String given) {
        return "unknown kernel version '" + given + "' (DriverLab models " + known() + "; quote it: kernel: \"6.6\")";
    }

    public static String known() {
        return Arrays.stream(values()).map(v -> "\"" + v.label() + "\"").collect(Collectors.joining(", "));
    }
}
