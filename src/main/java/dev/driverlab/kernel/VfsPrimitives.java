package dev.driverlab.kernel;

import java.util.Iterator;
import java.util.TreeMap;

/**
 * Paths, char regions, the cdev map, misc minors and /proc entries (fs/char_dev.c, drivers/char/misc.c,
 * fs/proc), plus user copies. Lookups are Java; the objects (inode, file, cdev) are simulated memory.
 */
final class VfsPrimitives {
    private VfsPrimitives() {}

    static void register(Primitives p) {
        p.add("__path_lookup", (e, a) -> {
            // getname: strncpy_from_user of at most PATH_MAX bytes; link_path_walk: each component NAME_MAX
            if (e.memory().strnlen(a[0], Memory.PATH_MAX) == Memory.PATH_MAX) return -Errno.ENAMETOOLONG.number;
            String path = e.memory().readString(a[0]);
            for (String component : path.split("/"))
                if (component.length() > Memory.NAME_MAX) return -Errno.ENAMETOOLONG.number;
            if (path.equals("/proc") || path.startsWith("/proc/")) return 0; // procfs looks it up (proc_lookup)
            VfsState.Node node = e.kernel().vfs().paths.get(path);
            if (node == null) return -Errno.ENOENT.number; // ERR_PTR
            MemObject inode = e.memory()
                    .allocate(e.sizeOf("inode"), MemObject.Kind.KMALLOC, "struct inode", e.site("alloc_inode"));
            e.trace(EventKind.ALLOC, inode.id, inode.base, inode.size, "alloc_inode");
            e.writeField(inode.base, "inode", "i_mode", 2, (node.pde() != 0 ? 0x8000 : 0x2000) | node.mode());
            e.kernel().vfs().inodeNodes.put(inode.base, node);
            e.writeField(inode.base, "inode", "i_rdev", 4, node.dev());
            e.writeField(inode.base, "inode", "i_fop", 8, e.kernelGlobal(node.fops()));
            e.writeField(inode.base, "inode", "i_private", 8, node.pde());
            return inode.base;
        });
        p.add("rw_verify_area", (e, a) -> { // fs/read_write.c: the count and the position the call would reach
            long count = a[3];
            if (count < 0) return -Errno.EINVAL.number;
            if (a[2] == 0) return 0;
            long pos = e.memory().read(a[2], 8, true);
            boolean unsignedOffsets = (e.readField(a[1], "file", "f_mode", 4) & FMODE_UNSIGNED_OFFSET) != 0;
            if (pos < 0) {
                if (!unsignedOffsets) return -Errno.EINVAL.number;
                if (Long.compareUnsigned(count, -pos) >= 0) return -Errno.EOVERFLOW.number;
            } else if (pos + count < 0 && !unsignedOffsets) {
                return -Errno.EINVAL.number;
            }
            return 0;
        });
        p.add("__d_alloc", (e, a) -> dAlloc(e, a[0], e.memory().readString(a[1])));
        p.add("__d_free", (e, a) -> {
            long name = e.memory().read(a[0] + e.offset("dentry", "d_name") + e.offset("qstr", "name"), 8, false);
            if (name != a[0] + e.offset("dentry", "d_iname"))
                MemoryPrimitives.free(e, name - EXTERNAL_NAME, "__d_free");
            return MemoryPrimitives.free(e, a[0], "__d_free");
        });
        p.add("__fd_install", (e, a) -> {
            e.kernel().vfs().files.put(e.contextId(), a[0]);
            return 0;
        });
        p.add("__fd_release", (e, a) -> {
            e.kernel().vfs().files.values().removeIf(f -> f == a[0]);
            return 0;
        });
        p.add("__iput", (e, a) -> { // the last reference to the inode: it no longer stands for its node
            e.kernel().vfs().inodeNodes.remove(a[0]);
            return 0;
        });
        p.add(
                "__chrdev_region",
                (e, a) ->
                        region(e, (int) a[0], (int) a[1], (int) a[2], e.memory().readString(a[3])));
        p.add("__chrdev_region_free", (e, a) -> {
            VfsState v = e.kernel().vfs();
            int major = (int) (a[0] >>> 20);
            int minor = (int) (a[0] & 0xfffff);
            v.regions.removeIf(r -> r.major() == major && r.baseminor() == minor);
            v.chrdevCdev.remove(major);
            v.paths.values().removeIf(n -> n.fromRegion() && n.dev() == a[0]);
            return 0;
        });
        p.add("__chrdev_set_cdev", (e, a) -> {
            e.kernel().vfs().chrdevCdev.put((int) a[0], a[1]);
            return 0;
        });
        p.add("__chrdev_get_cdev", (e, a) -> e.kernel().vfs().chrdevCdev.getOrDefault((int) a[0], 0L));
        p.add("__cdev_map", (e, a) -> {
            e.kernel().vfs().cdevMap.add(new VfsState.CdevRange(a[0], (int) a[1], a[2]));
            return 0;
        });
        p.add("__cdev_unmap", (e, a) -> {
            e.kernel().vfs().cdevMap.removeIf(r -> r.dev() == a[0] && r.count() == a[1]);
            return 0;
        });
        p.add("__cdev_lookup", (e, a) -> {
            for (VfsState.CdevRange r : e.kernel().vfs().cdevMap) {
                if (a[0] >= r.dev() && a[0] < r.dev() + r.count()) return r.cdev();
            }
            return 0;
        });
        p.add("__devnode_add", (e, a) -> {
            String name = e.memory().readString(a[0]);
            int major = (int) (a[1] >>> 20);
            e.kernel()
                    .vfs()
                    .paths
                    .put(
                            "/dev/" + name,
                            new VfsState.Node(
                                    "/dev/" + name,
                                    a[1],
                                    major == 10 ? "misc_fops" : major == 180 ? "usb_fops" : "def_chr_fops",
                                    0,
                                    a[2],
                                    false));
            e.kernel().vfs().devtDevices.put(a[1], a[2]);
            return 0;
        });
        p.add("__devnode_remove", (e, a) -> {
            e.kernel().vfs().paths.values().removeIf(n -> !n.fromRegion() && n.dev() == a[0] && n.pde() == 0);
            e.kernel().vfs().devtDevices.remove(a[0]);
            return 0;
        });
        p.add("__device_find_devt", (e, a) -> e.kernel().vfs().devtDevices.getOrDefault(a[0], 0L));
        p.add("__misc_add", (e, a) -> {
            VfsState v = e.kernel().vfs();
            long minor = e.readField(a[0], "miscdevice", "minor", 4);
            if (minor == 255) {
                while (v.misc.containsKey(v.nextMiscMinor)) v.nextMiscMinor--;
                minor = v.nextMiscMinor--;
                e.writeField(a[0], "miscdevice", "minor", 4, minor);
            } else if (v.misc.containsKey((int) minor)) {
                return -Errno.EBUSY.number;
            }
            String name = e.memory().readString(e.readField(a[0], "miscdevice", "name", 8));
            if (v.paths.containsKey("/dev/" + name)) return -Errno.EEXIST.number;
            v.misc.put((int) minor, a[0]);
            v.paths.put(
                    "/dev/" + name,
                    new VfsState.Node("/dev/" + name, VfsState.mkdev(10, (int) minor), "misc_fops", 0, a[0], false));
            return 0;
        });
        p.add("__misc_remove", (e, a) -> {
            VfsState v = e.kernel().vfs();
            v.misc.values().removeIf(m -> m == a[0]);
            v.paths.values().removeIf(n -> n.owner() == a[0] && n.fops().equals("misc_fops"));
            return 0;
        });
        p.add("__misc_find", (e, a) -> e.kernel().vfs().misc.getOrDefault((int) a[0], 0L));
        p.add("__param_sysfs_add", (e, a) -> { // /sys/module/M/parameters/NAME, a file of param_attr_ops
            String module = e.memory().readString(a[0] + e.offset("module", "name"));
            String path = "/sys/module/" + module + "/parameters/"
                    + e.memory().readString(e.readField(a[1], "kernel_param", "name", 8));
            e.kernel().vfs().paths.put(path, new VfsState.Node(path, 0, "param_attr_ops", a[1], a[0], false));
            return 0;
        });
        p.add("__param_sysfs_remove", (e, a) -> { // kernfs_remove of the directory: waits for show/store inside
            String dir = "/sys/module/" + e.memory().readString(a[0] + e.offset("module", "name")) + "/parameters/";
            return SysfsPrimitives.remove(e, path -> path.startsWith(dir));
        });
        p.add("__module_attr_sysfs_add", (e, a) -> { // /sys/module/M/NAME, a file of module_attr_ops
            String module = e.memory().readString(a[0] + e.offset("module", "name"));
            String path =
                    "/sys/module/" + module + "/" + e.memory().readString(e.readField(a[1], "attribute", "name", 8));
            e.kernel().vfs().paths.put(path, new VfsState.Node(path, 0, "module_attr_ops", a[1], a[0], false));
            return 0;
        });
        p.add("__module_sysfs_remove", (e, a) -> { // kobject_del of the module's kobject: waits for readers inside
            String dir = "/sys/module/" + e.memory().readString(a[0] + e.offset("module", "name")) + "/";
            return SysfsPrimitives.remove(e, path -> path.startsWith(dir));
        });
        p.add("__pde_walk", (e, a) -> procWalk(e, e.memory().readString(a[0])));
        p.add("__pde_subdir_insert", (e, a) -> {
            TreeMap<String, Long> dir = e.kernel().vfs().procDir(a[0]);
            String name = pdeName(e, a[1]);
            if (dir.containsKey(name)) return 0;
            dir.put(name, a[1]);
            return 1;
        });
        p.add("__pde_subdir_find", (e, a) -> {
            TreeMap<String, Long> dir = e.kernel().vfs().procDirs.get(a[0]);
            if (dir == null) return 0;
            return dir.getOrDefault(e.memory().readString(a[1], (int) a[2]), 0L);
        });
        p.add("__pde_subdir_first", (e, a) -> {
            TreeMap<String, Long> dir = e.kernel().vfs().procDirs.get(a[0]);
            return dir == null || dir.isEmpty() ? 0 : dir.firstEntry().getValue();
        });
        p.add("__pde_subdir_erase", (e, a) -> {
            TreeMap<String, Long> dir = e.kernel().vfs().procDirs.get(a[0]);
            if (dir != null) dir.values().remove(a[1]);
            return 0;
        });
        p.add("copy_to_user", (e, a) -> userCopy(e, a[0], a[1], a[2], false));
        p.add("copy_from_user", (e, a) -> userCopy(e, a[0], a[1], a[2], true));
        p.add("raw_copy_to_user", (e, a) -> userCopy(e, a[0], a[1], a[2], false));
        p.add("raw_copy_from_user", (e, a) -> userCopy(e, a[0], a[1], a[2], true));
        p.add("strncpy_from_user", (e, a) -> strncpyFromUser(e, a[0], a[1], a[2]));
        p.add("strnlen_user", (e, a) -> strnlenUser(e, a[0], a[1]));
        p.add("__get_user_val", (e, a) -> e.memory().read(a[0], (int) a[1], true));
        p.add("__put_user_val", (e, a) -> {
            e.memory().write(a[1], (int) a[2], a[0]);
            return 0;
        });
        p.add("dev_set_name", (e, a) -> { // kobject_set_name_vargs: kvasprintf'd, -ENOMEM if it cannot be
            long name = kvasprintf(e, a[1], a, 2, "dev_set_name");
            if (name == 0) return -Errno.ENOMEM.number;
            e.writeField(a[0], "device", "kobj", 8, name);
            return 0;
        });
        p.add("__bus_add_device", (e, a) -> 0);
        p.add("__bus_remove_device", (e, a) -> {
            Iterator<Device> it = e.kernel().devices.iterator();
            while (it.hasNext()) if (it.next().dev() == a[0]) it.remove();
            return 0;
        });
        p.add("kasprintf", (e, a) -> kvasprintf(e, a[1], a, 2, "kasprintf"));
        p.add("__kasprintf_va", (e, a) -> kvasprintf(e, a[0], e.varargs(), 0, "kvasprintf"));
        p.add("sysfs_emit", (e, a) -> { // vscnprintf into the attribute's PAGE_SIZE buffer
            String s = PrintkFormat.format(e, e.memory().readString(a[1]), a, 2, PAGE_SIZE - 1);
            MemoryPrimitives.writeString(e, a[0], s);
            return s.length();
        });
    }

    private static String pdeName(Env e, long pde) {
        return e.memory().readString(e.readField(pde, "proc_dir_entry", "name", 8), (int)
                e.readField(pde, "proc_dir_entry", "namelen", 1));
    }

    /** struct external_name: a name too long for d_iname, after a 16-byte header (its count and an rcu_head). */
    static final int EXTERNAL_NAME = 16;

    static final int DNAME_INLINE_LEN = 32;

    /**
     * __d_alloc (fs/dcache.c): a dentry named after the last component of {@code path}, its name in d_iname or, if
     * longer than DNAME_INLINE_LEN - 1, in a kmalloc'ed external name; one reference, its own parent. 0 if the
     * memory cannot be had.
     */
    private static long dAlloc(Env e, long sb, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        long dentry = MemoryPrimitives.alloc(e, e.sizeOf("dentry"), MemoryPrimitives.GFP_KERNEL, "__d_alloc");
        if (dentry == 0) return 0;
        long dname = dentry + e.offset("dentry", "d_iname");
        if (name.length() > DNAME_INLINE_LEN - 1) {
            long external = MemoryPrimitives.alloc(
                    e, EXTERNAL_NAME + name.length() + 1L, MemoryPrimitives.GFP_KERNEL, "__d_alloc");
            if (external == 0) {
                MemoryPrimitives.free(e, dentry, "__d_alloc");
                return 0;
            }
            e.memory().write(external, 4, 1);
            dname = external + EXTERNAL_NAME;
        }
        MemoryPrimitives.writeString(e, dname, name);
        long qstr = dentry + e.offset("dentry", "d_name");
        e.memory().write(qstr + e.offset("qstr", "len"), 4, name.length());
        e.memory().write(qstr + e.offset("qstr", "name"), 8, dname);
        e.writeField(dentry, "dentry", "d_count", 4, 1);
        e.writeField(dentry, "dentry", "d_parent", 8, dentry);
        e.writeField(dentry, "dentry", "d_sb", 8, sb);
        return dentry;
    }

    /** The entry a /proc path names, component by component from proc_root, or 0. */
    private static long procWalk(Env e, String path) {
        long de = e.kernelGlobal("proc_root");
        for (String component : path.substring("/proc".length()).split("/")) {
            if (component.isEmpty()) continue;
            TreeMap<String, Long> dir = e.kernel().vfs().procDirs.get(de);
            Long next = dir == null ? null : dir.get(component);
            if (next == null) return 0;
            de = next;
        }
        return de;
    }

    /** /sys/bus/BUS/devices/DEV for a bus device, /sys/class/CLASS/DEV for a class device, else virtual. */
    static String sysfsDir(Env e, long dev) {
        long nameP = e.readField(dev, "device", "init_name", 8);
        if (nameP == 0) nameP = e.readField(dev, "device", "kobj", 8);
        String name = nameP == 0 ? "(null)" : e.memory().readString(nameP);
        long bus = e.readField(dev, "device", "bus", 8);
        if (bus != 0)
            return "/sys/bus/" + e.memory().readString(e.readField(bus, "bus_type", "name", 8)) + "/devices/" + name;
        long cls = e.readField(dev, "device", "class", 8);
        if (cls != 0) return "/sys/class/" + e.memory().readString(e.readField(cls, "class", "name", 8)) + "/" + name;
        return "/sys/devices/virtual/" + name;
    }

    static final int PAGE_SIZE = 4096;
    static final long FMODE_UNSIGNED_OFFSET = 0x2000;

    /** kvasprintf: measures the output, kmallocs that much and formats into it (NULL if it cannot be had). */
    private static long kvasprintf(Env e, long fmt, long[] args, int first, String allocator) {
        String format = e.memory().readString(fmt);
        long length = PrintkFormat.vsnprintf(e, format, args, first, 0).length();
        long dst = MemoryPrimitives.alloc(e, length + 1, MemoryPrimitives.GFP_KERNEL, allocator);
        if (dst == 0) return 0;
        MemoryPrimitives.writeString(e, dst, PrintkFormat.format(e, format, args, first, (int) length));
        return dst;
    }

    /**
     * copy_to_user/copy_from_user: the kernel side is checked by KASAN (instrument_copy_*_user) like any access;
     * a user address that is not there faults into the exception table: nothing is copied, all of n is left.
     */
    private static long userCopy(Env e, long to, long from, long n, boolean fromUser) {
        // x86 has no INLINE_COPY_*_USER: copy_*_user call lib/usercopy.c's _copy_*_user, whose might_fault()
        // (mm/memory.c __might_fault) is the check
        if (!e.mightSleepAt(
                fromUser ? "lib/usercopy.c:14" : "lib/usercopy.c:36",
                "__might_fault+0x7d/0xa0",
                fromUser ? "_copy_from_user+0x21/0xa0" : "_copy_to_user+0x21/0x80")) {
            return n;
        }
        long kernel = fromUser ? to : from;
        long user = fromUser ? from : to;
        e.memory().checkRange(kernel, n, !fromUser ? false : true);
        try {
            e.memory().checkRange(user, n, !fromUser);
        } catch (MemoryFault f) {
            return n;
        }
        e.memory().copy(to, from, n);
        return 0;
    }

    /**
     * strncpy_from_user (lib/strncpy_from_user.c): copies up to {@code count} bytes of a user string with its NUL;
     * returns the length without the NUL, {@code count} when no NUL came first (the copy is then unterminated), or
     * -EFAULT when the user memory is not there.
     */
    private static long strncpyFromUser(Env e, long dst, long src, long count) {
        if (count <= 0) return 0;
        if (!e.mightSleepAt("lib/strncpy_from_user.c:117", "__might_fault+0x7d/0xa0")) return -Errno.EFAULT.number;
        long n = 0;
        for (; n < count; n++) {
            long c;
            try {
                e.memory().checkRange(src + n, 1, false);
                c = e.memory().read(src + n, 1, false);
            } catch (MemoryFault f) {
                return -Errno.EFAULT.number;
            }
            e.memory().write(dst + n, 1, c);
            if (c == 0) return n;
        }
        return count;
    }

    /**
     * strnlen_user (lib/strnlen_user.c): the length of a user string with its NUL; a number larger than
     * {@code count} when no NUL comes within it, 0 when the user memory is not there (or count is not positive).
     */
    private static long strnlenUser(Env e, long src, long count) {
        if (count <= 0) return 0;
        for (long n = 0; n < count; n++) {
            try {
                e.memory().checkRange(src + n, 1, false);
                if (e.memory().read(src + n, 1, false) == 0) return n + 1;
            } catch (MemoryFault f) {
                return 0;
            }
        }
        return count + 1;
    }

    /** Registers a char region (major 0: allocate one, from 254 down as the kernel does) and its /dev node. */
    private static long region(Env e, int major, int baseminor, int count, String name) {
        VfsState v = e.kernel().vfs();
        if (major == 0) {
            major = 254;
            while (major > 0 && taken(v, major)) major--;
            if (major == 0) return -Errno.EBUSY.number;
        } else {
            for (VfsState.Region r : v.regions) {
                if (r.major() == major && baseminor < r.baseminor() + r.count() && r.baseminor() < baseminor + count) {
                    return -Errno.EBUSY.number;
                }
            }
        }
        v.regions.add(new VfsState.Region(major, baseminor, count, name));
        long dev = VfsState.mkdev(major, baseminor);
        v.paths.putIfAbsent("/dev/" + name, new VfsState.Node("/dev/" + name, dev, "def_chr_fops", 0, 0, true));
        return major;
    }

    private static boolean taken(VfsState v, int major) {
        for (VfsState.Region r : v.regions) if (r.major() == major) return true;
        return false;
    }
}
