package dev.driverlab.kernel;

/**
 * A task's command name as the kernel keeps it: {@code char comm[TASK_COMM_LEN]}, so at most 15 characters
 * (__set_task_comm truncates with strscpy_pad), whatever name a script or kthread_create asks for.
 */
public final class TaskComm {
    private TaskComm() {}

    public static final int TASK_COMM_LEN = 16;

    public static String of(String name) {
        return name.length() < TASK_COMM_LEN ? name : name.substring(0, TASK_COMM_LEN - 1);
    }
}
