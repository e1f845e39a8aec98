package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of Java primitives, by name; the prelude's prototypes bind to them by index. */
public final class Primitives {
    private static final Primitives TABLE = build();

    private final List<String> names = new ArrayList<>();
    private final List<Primitive> impls = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private static Primitives build() {
        Primitives p = new Primitives();
        MemoryPrimitives.register(p);
        PrintkPrimitives.register(p);
        ModulePrimitives.register(p);
        DevicePrimitives.register(p);
        IrqPrimitives.register(p);
        RefcountPrimitives.register(p);
        SchedPrimitives.register(p);
        TimePrimitives.register(p);
        LockPrimitives.register(p);
        VfsPrimitives.register(p);
        SysfsPrimitives.register(p);
        DebugfsPrimitives.register(p);
        SlabPrimitives.register(p);
        DeferPrimitives.register(p);
        IoPrimitives.register(p);
        IdPrimitives.register(p);
        UsbPrimitives.register(p);
        return p;
    }

    public static Primitives table() {
        return TABLE;
    }

    void add(String name, Primitive impl) {
        if (index.putIfAbsent(name, names.size()) != null) throw new IllegalStateException("duplicate " + name);
        names.add(name);
        impls.add(impl);
    }

    public int indexOf(String name) {
        return index.getOrDefault(name, -1);
    }

    public String name(int i) {
        return names.get(i);
    }

    public Primitive get(int i) {
        return impls.get(i);
    }

    public int size() {
        return names.size();
    }
}
