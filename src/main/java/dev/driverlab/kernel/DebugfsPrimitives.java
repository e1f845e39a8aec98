package dev.driverlab.kernel;

/**
 * debugfs's dentries (fs/debugfs/inode.c, file.c): which dentry is which directory or file under /sys/kernel/debug,
 * a file's real file_operations (Linux keeps them in d_fsdata) and the callers inside them (debugfs_file_get, the
 * active_users count that __debugfs_file_removed drains). The tree is the one sysfs uses (SysfsPrimitives), so removal
 * unlinks at once and then waits for the callers inside, as kernfs does.
 */
final class DebugfsPrimitives {
    private DebugfsPrimitives() {}

    static final String ROOT = "/sys/kernel/debug";
    /** sizeof(struct dentry) on x86-64 6.1; the model's dentries are opaque to drivers. */
    static final int DENTRY_SIZE = 192;

    static void register(Primitives p) {
        p.add("__debugfs_create", (e, a) -> {
            VfsState v = e.kernel().vfs();
            String parentDir = a[2] == 0 ? ROOT : v.kobjDirs.get(a[2]);
            if (parentDir == null) return -Errno.ENOENT.number; // ERR_PTR: the parent was removed
            String name = e.memory().readString(a[0]);
            String path = parentDir + "/" + name;
            if (SysfsPrimitives.exists(e, path)) {
                String parentName = a[2] == 0 ? "/" : parentDir.substring(parentDir.lastIndexOf('/') + 1);
                e.log(
                        v.dirs.containsKey(path)
                                ? "debugfs: Directory '" + name + "' with parent '" + parentName + "' already present!"
                                : "debugfs: File '" + name + "' in directory '" + parentName + "' already present!");
                return -Errno.EEXIST.number; // ERR_PTR
            }
            MemObject d = e.memory().allocate(DENTRY_SIZE, MemObject.Kind.KMALLOC, "struct dentry", e.site("d_alloc"));
            e.trace(EventKind.ALLOC, d.id, d.base, d.size, "d_alloc");
            if (a[4] == 0) { // a directory
                v.dirs.put(path, d.base);
                v.kobjDirs.put(d.base, path);
                return d.base;
            }
            String proxy = a[5] == e.kernelGlobal("debugfs_full_proxy_file_operations")
                    ? "debugfs_full_proxy_file_operations"
                    : a[5] == e.kernelGlobal("debugfs_open_proxy_file_operations")
                            ? "debugfs_open_proxy_file_operations"
                            : "debugfs_noop_file_operations";
            VfsState.Node n = new VfsState.Node(path, 0, proxy, a[3], d.base, false, (int) a[1]);
            v.paths.put(path, n);
            v.dentryNodes.put(d.base, n);
            v.debugfsFops.put(d.base, a[4]);
            return d.base;
        });
        p.add("__debugfs_remove", (e, a) -> {
            VfsState v = e.kernel().vfs();
            if (v.draining.containsKey(e.contextId())) return SysfsPrimitives.remove(e, path -> false); // woken
            String dir = v.kobjDirs.get(a[0]);
            VfsState.Node file = v.dentryNodes.get(a[0]);
            String path = dir != null ? dir : file != null && v.paths.get(file.path()) == file ? file.path() : null;
            if (path == null) return 0; // already removed
            return SysfsPrimitives.remove(e, x -> x.equals(path) || x.startsWith(path + "/"));
        });
        p.add("__debugfs_file_dentry", (e, a) -> {
            VfsState.Node n = e.kernel().vfs().inodeNodes.get(e.readField(a[0], "file", "f_inode", 8));
            return n == null ? 0 : n.owner();
        });
        p.add("debugfs_real_fops", (e, a) -> {
            VfsState.Node n = e.kernel().vfs().inodeNodes.get(e.readField(a[0], "file", "f_inode", 8));
            return n == null ? 0 : e.kernel().vfs().debugfsFops.getOrDefault(n.owner(), 0L);
        });
        p.add("debugfs_file_get", (e, a) -> {
            VfsState v = e.kernel().vfs();
            VfsState.Node n = v.dentryNodes.get(a[0]);
            if (n == null || v.paths.get(n.path()) != n) return -Errno.EIO.number; // removed
            v.active.merge(n, 1, Integer::sum);
            return 0;
        });
        p.add("debugfs_file_put", (e, a) -> {
            VfsState v = e.kernel().vfs();
            VfsState.Node n = v.dentryNodes.get(a[0]);
            if (n != null) v.active.computeIfPresent(n, (k, c) -> c > 1 ? c - 1 : null);
            return 0;
        });
        p.add("debugfs_lookup", (e, a) -> {
            VfsState v = e.kernel().vfs();
            String parentDir = a[1] == 0 ? ROOT : v.kobjDirs.get(a[1]);
            if (parentDir == null) return 0;
            String path = parentDir + "/" + e.memory().readString(a[0]);
            Long dir = v.dirs.get(path);
            if (dir != null) return dir;
            VfsState.Node n = v.paths.get(path);
            return n != null && v.dentryNodes.get(n.owner()) == n ? n.owner() : 0;
        });
    }
}
