package dev.driverlab.engine.compile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field offsets of a struct or union, laid out with natural alignment as gcc does on x86-64. */
public record StructLayout(List<Field> fields, Map<String, Field> byName, int size, int align) {

    public record Field(String name, CType type, int offset) {}

    /**
     * Lays out the fields, in 64-bit arithmetic so that no sum of field sizes can wrap around.
     *
     * @throws ArithmeticException when the struct would be bigger than {@code maxSize} bytes
     */
    public static StructLayout of(List<Field> unplaced, boolean union, long maxSize) {
        Map<String, Field> byName = new LinkedHashMap<>();
        List<Field> placed = new java.util.ArrayList<>();
        long offset = 0;
        long size = 0;
        int align = 1;
        for (Field f : unplaced) {
            int a = f.type().align();
            align = Math.max(align, a);
            long at = union ? 0 : (offset + a - 1) / a * a;
            if (at > maxSize) throw new ArithmeticException("struct too large");
            Field p = new Field(f.name(), f.type(), (int) at);
            placed.add(p);
            byName.put(f.name(), p);
            offset = at + f.type().size();
            size = Math.max(size, offset);
        }
        size = (size + align - 1) / align * align;
        if (size > maxSize) throw new ArithmeticException("struct too large");
        return new StructLayout(List.copyOf(placed), byName, (int) size, align);
    }

    public Field field(String name) {
        return byName.get(name);
    }
}
