package dev.driverlab.engine.compile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field offsets of a struct or union, laid out with natural alignment as gcc does on x86-64. */
public record StructLayout(List<Field> fields, Map<String, Field> byName, int size, int align) {

    public record Field(String name, CType type, int offset) {}

    public static StructLayout of(List<Field> unplaced, boolean union) {
        Map<String, Field> byName = new LinkedHashMap<>();
        List<Field> placed = new java.util.ArrayList<>();
        int offset = 0;
        int size = 0;
        int align = 1;
        for (Field f : unplaced) {
            int a = f.type().align();
            align = Math.max(align, a);
            int at = union ? 0 : (offset + a - 1) / a * a;
            Field p = new Field(f.name(), f.type(), at);
            placed.add(p);
            byName.put(f.name(), p);
            offset = at + f.type().size();
            size = Math.max(size, offset);
        }
        size = (size + align - 1) / align * align;
        return new StructLayout(List.copyOf(placed), byName, size, align);
    }

    public Field field(String name) {
        return byName.get(name);
    }
}
