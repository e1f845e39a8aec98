package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * kernfs as sysfs and debugfs use it (fs/kernfs/dir.c, fs/sysfs/dir.c, file.c, group.c, fs/debugfs/inode.c): which
 * directories and files exist, under which paths, for which kobject (or debugfs dentry) and attribute, and the
 * active references of the callers inside a file's show/store. The kobjects, attributes and dentries themselves
 * are simulated memory; the tree is bookkeeping.
 */
final class SysfsPrimitives {
    private SysfsPrimitives() {}

    static final String SYSFS_FOPS = "sysfs_file_ops";

    static void register(Primitives p) {
        p.add(
                "__sysfs_create_dir",
                (e, a) -> createDir(
                        e,
                        a[0],
                        dirOf(e, e.readField(a[0], "kobject", "parent", 8)),
                        e.memory().readString(e.readField(a[0], "kobject", "name", 8))));
        p.add("__sysfs_create_group_dir", (e, a) -> {
            String dir = dirOf(e, a[0]);
            if (dir == null) return -Errno.ENOENT.number;
            String path = dir + "/" + e.memory().readString(a[1]);
            if (exists(e, path)) return duplicate(e, path);
            e.kernel().vfs().dirs.put(path, a[0]);
            return 0;
        });
        p.add("__sysfs_remove_dir", (e, a) -> {
            String dir = a[1] == 0 ? dirOf(e, a[0]) : childOf(e, a[0], a[1]);
            if (a[1] == 0) e.kernel().vfs().kobjDirs.remove(a[0]);
            return dir == null ? 0 : remove(e, path -> path.equals(dir) || path.startsWith(dir + "/"));
        });
        p.add("__sysfs_add_file", (e, a) -> {
            String dir = a[1] == 0 ? dirOf(e, a[0]) : childOf(e, a[0], a[1]);
            if (dir == null) return -Errno.ENOENT.number; // no directory to put it in
            String path = dir + "/" + e.memory().readString(e.readField(a[2], "attribute", "name", 8));
            if (exists(e, path)) return duplicate(e, path);
            e.kernel().vfs().paths.put(path, new VfsState.Node(path, 0, SYSFS_FOPS, a[2], a[0], false, (int) a[3]));
            return 0;
        });
        p.add("__sysfs_remove_file", (e, a) -> {
            String dir = a[1] == 0 ? dirOf(e, a[0]) : childOf(e, a[0], a[1]);
            if (dir == null) return 0;
            String path = dir + "/" + e.memory().readString(e.readField(a[2], "attribute", "name", 8));
            return remove(e, path::equals);
        });
        p.add("__kernfs_get_active", (e, a) -> {
            VfsState.Node n = openNode(e, a[0]);
            if (n == null) return 0; // removed (deactivated): kernfs refuses the call
            e.kernel().vfs().active.merge(n, 1, Integer::sum);
            return n.owner();
        });
        p.add("__kernfs_put_active", (e, a) -> {
            VfsState.Node n = e.kernel().vfs().inodeNodes.get(e.readField(a[0], "file", "f_inode", 8));
            if (n != null) e.kernel().vfs().active.computeIfPresent(n, (k, v) -> v > 1 ? v - 1 : null);
            return 0;
        });
    }

    /** The sysfs directory of a kobject: its own (kobject_add), or a device's, or null if it has none. */
    static String dirOf(Env e, long kobj) {
        if (kobj == 0) return "/sys";
        String dir = e.kernel().vfs().kobjDirs.get(kobj);
        if (dir != null) return dir;
        if (e.readField(kobj, "kobject", "ktype", 8) == e.kernelGlobal("device_ktype")) {
            return VfsPrimitives.sysfsDir(e, kobj - e.offset("device", "kobj"));
        }
        if (e.readField(kobj, "kobject", "state_in_sysfs", 1) == 0) return null;
        // in sysfs from boot (kernel_kobj, firmware_kobj): under its parent's directory, by name
        String parent = dirOf(e, e.readField(kobj, "kobject", "parent", 8));
        return parent == null ? null : parent + "/" + e.memory().readString(e.readField(kobj, "kobject", "name", 8));
    }

    private static String childOf(Env e, long kobj, long name) {
        String dir = dirOf(e, kobj);
        return dir == null ? null : dir + "/" + e.memory().readString(name);
    }

    /** kernfs_create_dir for a kobject under {@code parent}: -EEXIST (with sysfs_warn_dup) if the name is taken. */
    static long createDir(Env e, long owner, String parent, String name) {
        if (parent == null) return -Errno.ENOENT.number;
        String path = parent + "/" + name;
        if (exists(e, path)) return duplicate(e, path);
        e.kernel().vfs().dirs.put(path, owner);
        e.kernel().vfs().kobjDirs.put(owner, path);
        return 0;
    }

    static boolean exists(Env e, String path) {
        return e.kernel().vfs().dirs.containsKey(path) || e.kernel().vfs().paths.containsKey(path);
    }

    /** sysfs_warn_dup: the path (without /sys), then dump_stack; -EEXIST. */
    static long duplicate(Env e, String path) {
        e.log("sysfs: cannot create duplicate filename '" + (path.startsWith("/sys/") ? path.substring(4) : path)
                + "'");
        e.dumpStack("sysfs_warn_dup+0x5c/0x70");
        return -Errno.EEXIST.number;
    }

    /**
     * kernfs_remove: the nodes whose paths match go at once (no new opener or active reference gets them), then the
     * remover waits (kernfs_drain) until the callers already inside their show/store have left.
     */
    static long remove(Env e, Predicate<String> which) {
        VfsState v = e.kernel().vfs();
        List<VfsState.Node> draining = v.draining.get(e.contextId());
        if (draining == null) {
            draining = new ArrayList<>();
            for (VfsState.Node n : v.paths.values()) if (which.test(n.path())) draining.add(n);
            v.paths.values().removeIf(n -> which.test(n.path()));
            v.dirs.keySet().removeIf(which);
            v.kobjDirs.values().removeIf(which);
        }
        WaitCondition drained = new WaitCondition.KernfsDrained(List.copyOf(draining));
        if (drained.ready(e.kernel())) {
            v.draining.remove(e.contextId());
            return 0;
        }
        v.draining.put(e.contextId(), draining);
        e.block(drained);
        return 0;
    }

    /** The node an open file was opened on, if it is still in the tree (an active reference can be had). */
    private static VfsState.Node openNode(Env e, long file) {
        VfsState v = e.kernel().vfs();
        VfsState.Node n = v.inodeNodes.get(e.readField(file, "file", "f_inode", 8));
        return n != null && v.paths.get(n.path()) == n ? n : null;
    }
}
