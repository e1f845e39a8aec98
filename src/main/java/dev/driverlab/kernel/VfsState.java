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

    final CowMap<String, Node> paths = CowMap.sorted();
    final CowList<Region> regions = new CowList<>();
    final CowMap<Integer, Long> chrdevCdev = CowMap.sorted();
    final CowList<CdevRange> cdevMap = new CowList<>();
    final CowMap<Integer, Long> misc = CowMap.sorted();
    /**
     * /proc directory (its proc_dir_entry) -> name -> entry, in the order of the kernel's rbtree (proc_match:
     * shorter names first, then bytewise).
     */
    final CowMap<Long, TreeMap<String, Long>> procDirs = CowMap.sorted(TreeMap::new);

    final CowMap<Long, Long> devtDevices = CowMap.sorted();
    final CowMap<Integer, Long> files = CowMap.sorted(); // ctx -> struct file *
    final CowMap<String, Long> dirs = CowMap.sorted(); // sysfs/debugfs directory -> its kobject or dentry
    final CowMap<Long, String> kobjDirs = CowMap.sorted(); // kobject (or dentry) -> its own directory
    final CowMap<Long, Node> inodeNodes = CowMap.sorted(); // inode -> the node it was looked up from
    final Map<Node, Integer> active = new IdentityHashMap<>(); // kernfs active references of a node (by identity)
    final CowMap<Integer, List<Node>> draining =
            CowMap.sorted(ArrayList::new); // ctx -> the nodes it removed and waits to drain
    final CowMap<Long, Node> dentryNodes = CowMap.sorted(); // debugfs file dentry -> its node
    final CowMap<Long, Long> debugfsFops = CowMap.sorted(); // debugfs file dentry -> its real fops (d_fsdata)
    int nextMiscMinor = 125;

    VfsState copy() {
        VfsState c = new VfsState();
        c.paths.shareFrom(paths);
        c.regions.shareFrom(regions);
        c.chrdevCdev.shareFrom(chrdevCdev);
        c.cdevMap.shareFrom(cdevMap);
        c.misc.shareFrom(misc);
        c.procDirs.shareFrom(procDirs);
        c.devtDevices.shareFrom(devtDevices);
        c.files.shareFrom(files);
        c.dirs.shareFrom(dirs);
        c.kobjDirs.shareFrom(kobjDirs);
        c.inodeNodes.shareFrom(inodeNodes);
        c.active.putAll(active);
        c.draining.shareFrom(draining);
        c.dentryNodes.shareFrom(dentryNodes);
        c.debugfsFops.shareFrom(debugfsFops);
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
