package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file system as far as drivers see it: paths to device nodes and sysfs attributes, registered char regions,
 * the dev_t -> cdev map, misc minors, the names in each /proc directory, and each process's file.
 */
public final class VfsState {
    /**
     * A path: a device node (dev_t, its fops and the device that made it), a /proc entry, or a sysfs or debugfs file
     * (pde: its attribute or data, owner: its kobject or dentry, mode: its permission bits).
     */
    public record Node(String path, long dev, String fops, long pde, long owner, boolean fromRegion, int mode) {
        Node(String path, long dev, String fops, long pde, long owner, boolean fromRegion) {
            this(path, dev, fops, pde, owner, fromRegion, 0);
        }
    }

    record Region(int major, int baseminor, int count, String name) {}

    record CdevRange(long dev, int count, long cdev) {}

    final Map<String, Node> paths = new TreeMap<>();
    final List<Region> regions = new ArrayList<>();
    final Map<Integer, Long> chrdevCdev = new TreeMap<>();
    final List<CdevRange> cdevMap = new ArrayList<>();
    final Map<Integer, Long> misc = new TreeMap<>();
    /**
     * /proc directory (its proc_dir_entry) -> name -> entry, in the order of the kernel's rbtree (proc_match:
     * shorter names first, then bytewise).
     */
    final Map<Long, TreeMap<String, Long>> procDirs = new TreeMap<>();

    final Map<Long, Long> devtDevices = new TreeMap<>();
    final Map<Integer, Long> files = new TreeMap<>(); // ctx -> struct file *
    final Map<String, Long> dirs = new TreeMap<>(); // sysfs/debugfs directory -> its kobject or dentry
    final Map<Long, String> kobjDirs = new TreeMap<>(); // kobject (or dentry) -> its own directory
    final Map<Long, Node> inodeNodes = new TreeMap<>(); // inode -> the node it was looked up from
    final Map<Node, Integer> active = new IdentityHashMap<>(); // kernfs active references of a node (by identity)
    final Map<Integer, List<Node>> draining = new TreeMap<>(); // ctx -> the nodes it removed and waits to drain
    final Map<Long, Node> dentryNodes = new TreeMap<>(); // debugfs file dentry -> its node
    final Map<Long, Long> debugfsFops = new TreeMap<>(); // debugfs file dentry -> its real fops (d_fsdata)
    int nextMiscMinor = 125;

    VfsState copy() {
        VfsState c = new VfsState();
        c.paths.putAll(paths);
        c.regions.addAll(regions);
        c.chrdevCdev.putAll(chrdevCdev);
        c.cdevMap.addAll(cdevMap);
        c.misc.putAll(misc);
        procDirs.forEach((k, v) -> c.procDirs.put(k, new TreeMap<>(v)));
        c.devtDevices.putAll(devtDevices);
        c.files.putAll(files);
        c.dirs.putAll(dirs);
        c.kobjDirs.putAll(kobjDirs);
        c.inodeNodes.putAll(inodeNodes);
        c.active.putAll(active);
        draining.forEach((k, v) -> c.draining.put(k, new ArrayList<>(v)));
        c.dentryNodes.putAll(dentryNodes);
        c.debugfsFops.putAll(debugfsFops);
        c.nextMiscMinor = nextMiscMinor;
        return c;
    }

    public Map<String, Node> paths() {
        return paths;
    }

    public Long file(int ctx) {
        return files.get(ctx);
    }

    public void dropFile(int ctx) {
        files.remove(ctx);
    }

    static final Comparator<String> PROC_MATCH =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    TreeMap<String, Long> procDir(long dir) {
        return procDirs.computeIfAbsent(dir, k -> new TreeMap<>(PROC_MATCH));
    }

    static long mkdev(int major, int minor) {
        return ((long) major << 20) | minor;
    }
}
