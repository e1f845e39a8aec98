package dev.driverlab.web.lab;

import dev.driverlab.engine.Machine;
import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.StructLayout;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the members of typed heap objects straight from their bytes (freed ones too: the point is to see what the
 * use-after-free reads), so the lab can draw them as boxes with pointer arrows. A struct member of struct type is
 * flattened one level ({@code tasklet.func}); deeper ones and arrays are summarised.
 */
final class HeapObjects {
    /** Enough to read a driver's private struct; kernel structs (struct device...) are long and mostly noise. */
    static final int MAX_FIELDS = 12;

    private HeapObjects() {}

    static List<HeapObject> of(Machine m, List<StateView.ObjectView> shown) {
        Map<Integer, MemObject> byId = new HashMap<>();
        for (MemObject o : m.kernel().memory().objects()) byId.put(o.id, o);
        List<HeapObject> heap = new ArrayList<>();
        for (StateView.ObjectView v : shown) {
            MemObject o = byId.get(v.id());
            CType.Struct struct = o == null ? null : struct(m, o.type());
            if (struct == null || struct.layout() == null) continue;
            List<HeapObject.Field> fields = new ArrayList<>();
            for (StructLayout.Field f : struct.layout().fields()) {
                if (fields.size() >= MAX_FIELDS) break;
                if (f.type() instanceof CType.Struct inner && inner.layout() != null) {
                    for (StructLayout.Field g : inner.layout().fields()) {
                        if (fields.size() >= MAX_FIELDS) break;
                        fields.add(field(m, o, f.name() + "." + g.name(), g.type(), f.offset() + g.offset()));
                    }
                } else {
                    fields.add(field(m, o, f.name(), f.type(), f.offset()));
                }
            }
            heap.add(new HeapObject(v.id(), fields));
        }
        return heap;
    }

    private static CType.Struct struct(Machine m, String type) {
        if (type == null || !type.startsWith("struct ")) return null;
        String tag = type.substring("struct ".length()).strip();
        CType.Struct s =
                m.program().module() == null ? null : m.program().module().struct(tag);
        if (s == null || s.layout() == null) s = m.program().kernel().struct(tag);
        return s;
    }

    private static HeapObject.Field field(Machine m, MemObject o, String name, CType type, int offset) {
        String typeName = type.toString();
        if (type instanceof CType.Ptr) {
            long value = read(o.bytes(), offset, 8, false);
            if (value == 0) return new HeapObject.Field(name, typeName, "NULL", null, null, null);
            String hex = "0x" + Long.toHexString(value);
            if (((CType.Ptr) type).to() instanceof CType.Func) {
                return new HeapObject.Field(name, typeName, hex, null, null, symbol(m, value));
            }
            MemObject target = m.kernel().memory().find(value);
            if (target != null && target.kind != MemObject.Kind.STACK && target.kind != MemObject.Kind.KERNEL_DATA) {
                return new HeapObject.Field(name, typeName, hex, target.id, (int) (value - target.base), null);
            }
            return new HeapObject.Field(name, typeName, hex, null, null, null);
        }
        if (type instanceof CType.Int i) {
            long value = read(o.bytes(), offset, i.size(), i.signed());
            return new HeapObject.Field(name, typeName, Long.toString(value), null, null, null);
        }
        if (type instanceof CType.Array a && a.element() instanceof CType.Int e && e.size() == 1) {
            return new HeapObject.Field(name, typeName, cString(o.bytes(), offset, a.length()), null, null, null);
        }
        return new HeapObject.Field(name, typeName, "{…}", null, null, null);
    }

    private static String symbol(Machine m, long address) {
        try {
            return m.symbolForAddress(address);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** As the simulated memory decodes values ({@link Memory#decode}); bytes past the object read as 0. */
    static long read(byte[] bytes, int offset, int size, boolean signed) {
        if (offset >= 0 && offset + size <= bytes.length) return Memory.decode(bytes, offset, size, signed);
        byte[] padded = new byte[size];
        for (int i = 0; i < size; i++) {
            int at = offset + i;
            if (at >= 0 && at < bytes.length) padded[i] = bytes[at];
        }
        return Memory.decode(padded, 0, size, signed);
    }

    private static String cString(byte[] bytes, int offset, int max) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < max && offset + i < bytes.length; i++) {
            int c = bytes[offset + i] & 0xff;
            if (c == 0) break;
            sb.append(c >= 32 && c < 127 ? (char) c : '?');
        }
        return sb.append('"').toString();
    }
}
