package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;

/** The driver core's lists (drivers/base/bus.c, dd.c) and devres bookkeeping (drivers/base/devres.c). */
final class DevicePrimitives {
    private DevicePrimitives() {}

    static void register(Primitives p) {
        p.add("bus_next_device", (e, a) -> {
            String bus = e.memory().readString(e.readField(a[0], "bus_type", "name", 8));
            boolean after = a[1] == 0;
            for (Device d : e.kernel().devices) {
                if (!d.bus().id().equals(bus)) continue;
                if (after) return d.dev();
                if (d.dev() == a[1]) after = true;
            }
            return 0;
        });
        p.add("driver_last_device", (e, a) -> {
            List<Long> devs = e.kernel().bound.get(a[0]);
            return devs == null || devs.isEmpty() ? 0 : devs.get(devs.size() - 1);
        });
        p.add("driver_list_add", (e, a) -> {
            e.kernel().drivers.add(a[0]);
            return 0;
        });
        p.add("driver_list_del", (e, a) -> {
            e.kernel().drivers.remove(a[0]);
            e.kernel().bound.remove(a[0]);
            return 0;
        });
        p.add("driver_bound", (e, a) -> {
            long drv = e.readField(a[0], "device", "driver", 8);
            e.kernel().bound.computeIfAbsent(drv, k -> new ArrayList<>()).add(a[0]);
            e.trace(EventKind.BOUND, 0, a[0], drv, name(e, a[0]) + " bound to driver " + driverName(e, drv));
            return 0;
        });
        p.add("driver_unbound", (e, a) -> {
            for (var entry : e.kernel().bound.entrySet()) {
                if (entry.getValue().remove(a[0])) {
                    e.trace(
                            EventKind.UNBOUND,
                            0,
                            a[0],
                            entry.getKey(),
                            name(e, a[0]) + " unbound from driver " + driverName(e, entry.getKey()));
                }
            }
            return 0;
        });
        p.add("devres_alloc", (e, a) -> {
            String name = e.memory().readString(a[2]);
            MemObject o = PageAllocator.allocate(
                    e, Math.max(a[1], 1), MemoryPrimitives.GFP_KERNEL, MemObject.Kind.DEVRES, "devres_alloc");
            if (o == null) return 0;
            o.label = name + " devres";
            e.trace(EventKind.ALLOC, o.id, o.base, a[1], "devres_alloc");
            KernelState k = e.kernel();
            k.unattachedDevres.put(o.base, new DevresEntry(k.nextDevresId++, o.base, a[0], name, (int) a[1]));
            return o.base;
        });
        p.add("devres_add", (e, a) -> {
            DevresEntry d = e.kernel().unattachedDevres.remove(a[1]);
            if (d != null) attach(e, a[0], d);
            return 0;
        });
        p.add("devres_pop", (e, a) -> {
            List<DevresEntry> list = e.kernel().devres.get(a[0]);
            if (list == null || list.isEmpty()) return 0;
            DevresEntry d = list.remove(list.size() - 1);
            e.kernel().unattachedDevres.put(d.res(), d);
            e.trace(EventKind.DEVRES_RELEASE, objectId(e, d.res()), a[0], d.id(), d.name());
            return d.res();
        });
        p.add("devres_release_fn", (e, a) -> {
            DevresEntry d = e.kernel().unattachedDevres.get(a[0]);
            return d == null ? 0 : d.release();
        });
        p.add("devres_free", (e, a) -> {
            e.kernel().unattachedDevres.remove(a[0]);
            return MemoryPrimitives.free(e, a[0], "kfree");
        });
        p.add("devres_find_irq", (e, a) -> {
            for (DevresEntry d : e.kernel().devres(a[0])) {
                if (!d.name().equals("devm_request_irq")) continue;
                long irq = e.readField(d.res(), "irq_devres", "irq", 4);
                long id = e.readField(d.res(), "irq_devres", "dev_id", 8);
                if (irq == (a[1] & 0xffffffffL) && id == a[2]) return d.res();
            }
            return 0;
        });
        p.add("devres_find_ptr", (e, a) -> { // the newest entry first, as devres_find walks the list
            String name = e.memory().readString(a[1]);
            List<DevresEntry> list = e.kernel().devres(a[0]);
            for (int i = list.size() - 1; i >= 0; i--) {
                DevresEntry d = list.get(i);
                if (d.name().equals(name) && e.memory().read(d.res(), 8, false) == a[2]) return d.res();
            }
            return 0;
        });
        p.add("devres_remove", (e, a) -> {
            List<DevresEntry> list = e.kernel().devres.get(a[0]);
            if (list == null) return 0;
            for (int i = list.size() - 1; i >= 0; i--) {
                DevresEntry d = list.get(i);
                if (d.res() == a[1]) {
                    list.remove(i);
                    e.kernel().unattachedDevres.put(d.res(), d);
                    e.trace(EventKind.DEVRES_RELEASE, objectId(e, d.res()), a[0], d.id(), d.name());
                    break;
                }
            }
            return 0;
        });
        p.add(
                "devm_kmalloc",
                (e, a) -> MemoryPrimitives.mayBlock(e, a[2]) ? devmAlloc(e, a[0], a[1], a[2], "devm_kmalloc") : 0);
        p.add(
                "devm_kzalloc",
                (e, a) -> MemoryPrimitives.mayBlock(e, a[2]) ? devmAlloc(e, a[0], a[1], a[2], "devm_kzalloc") : 0);
        p.add(
                "devm_kcalloc",
                (e, a) -> MemoryPrimitives.mayBlock(e, a[3]) && !MemoryPrimitives.mulOverflows(a[1], a[2])
                        ? devmAlloc(e, a[0], a[1] * a[2], a[3], "devm_kcalloc")
                        : 0);
        p.add("devm_kstrdup", (e, a) -> {
            long len = e.memory().strlen(a[1]);
            long dst = devmAlloc(e, a[0], len + 1, a[2], "devm_kstrdup");
            if (dst != 0) {
                e.memory().copy(dst, a[1], len);
                e.memory().write(dst + len, 1, 0);
            }
            return dst;
        });
        p.add("devm_kfree", (e, a) -> {
            List<DevresEntry> list = e.kernel().devres.get(a[0]);
            if (list != null) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    DevresEntry d = list.get(i);
                    if (d.res() == a[1]) {
                        list.remove(i);
                        e.trace(EventKind.DEVRES_RELEASE, objectId(e, d.res()), a[0], d.id(), d.name());
                        return MemoryPrimitives.free(e, a[1], "devm_kfree");
                    }
                }
            }
            e.log("------------[ cut here ]------------");
            e.log("WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at drivers/base/devres.c:1012 devm_kfree");
            e.trace(EventKind.WARNING, 0, 0, 0, "devm_kfree of memory that is not a managed resource");
            return 0;
        });
    }

    /** devm_kmalloc: the memory is the devres node's data; its release is a no-op, the node's kfree frees it. */
    static long devmAlloc(Env e, long dev, long size, long gfp, String api) {
        if (size == 0) return 0;
        MemObject o = PageAllocator.allocate(e, size, gfp, MemObject.Kind.DEVRES, "devm_kmalloc");
        if (o == null) return 0;
        e.trace(EventKind.ALLOC, o.id, o.base, size, api);
        KernelState k = e.kernel();
        attach(e, dev, new DevresEntry(k.nextDevresId++, o.base, 0, api, (int) size));
        return o.base;
    }

    private static void attach(Env e, long dev, DevresEntry d) {
        e.kernel().devres.computeIfAbsent(dev, x -> new ArrayList<>()).add(d);
        e.trace(EventKind.DEVRES_ADD, objectId(e, d.res()), dev, d.id(), d.name());
    }

    static long objectId(Env e, long address) {
        MemObject o = e.memory().find(address);
        return o == null ? 0 : o.id;
    }

    static String name(Env e, long dev) {
        long p = e.readField(dev, "device", "init_name", 8);
        return p == 0 ? "(null)" : e.memory().readString(p);
    }

    static String driverName(Env e, long drv) {
        long p = e.readField(drv, "device_driver", "name", 8);
        return p == 0 ? "(null)" : e.memory().readString(p);
    }
}
