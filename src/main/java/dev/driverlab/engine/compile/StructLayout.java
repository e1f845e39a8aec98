package dev.driverlab.engine.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field offsets of a struct or union, laid out with natural alignment as gcc does on x86-64. */
public record StructLayout(List<Field> fields, Map<String, Field> byName, int size, int align) {

    /**
     * A member at byte {@code offset}. A bit-field ({@code bitWidth > 0}) is {@code bitWidth} bits at
     * {@code bitOffset} within the {@code type.size()}-byte unit at {@code offset}; -1 marks an unnamed {@code : 0}.
     */
    public record Field(String name, CType type, int offset, int bitOffset, int bitWidth) {
        public Field(String name, CType type, int offset) {
            this(name, type, offset, 0, 0);
        }

        public boolean isBitField() {
            return bitWidth > 0;
        }
    }

    /**
     * Lays out the fields as gcc does on x86-64 (the System V ABI), in 64-bit arithmetic so that no sum of field
     * sizes can wrap around: a bit-field packs after the previous one unless it would cross a unit of its type's
     * alignment; an unnamed {@code : 0} moves to the next such unit; only named members align the struct.
     *
     * @throws ArithmeticException when the struct would be bigger than {@code maxSize} bytes
     */
    public static StructLayout of(List<Field> unplaced, boolean union, long maxSize) {
        Map<String, Field> byName = new LinkedHashMap<>();
        List<Field> placed = new ArrayList<>();
        long bits = 0; // the next free bit
        long sizeBits = 0;
        int align = 1;
        for (Field f : unplaced) {
            int a = f.type().align();
            long unitBits = 8L * a;
            long at;
            Field p;
            if (f.bitWidth() != 0) {
                if (union) bits = 0;
                if (f.bitWidth() < 0) { // : 0
                    bits = (bits + unitBits - 1) / unitBits * unitBits;
                    continue;
                }
                if (bits / unitBits != (bits + f.bitWidth() - 1) / unitBits) {
                    bits = (bits + unitBits - 1) / unitBits * unitBits;
                }
                long unit = bits / (8L * f.type().size()) * f.type().size();
                if (unit > maxSize) throw new ArithmeticException("struct too large");
                p = new Field(f.name(), f.type(), (int) unit, (int) (bits - 8 * unit), f.bitWidth());
                bits += f.bitWidth();
                if (f.name() != null) align = Math.max(align, a);
            } else {
                align = Math.max(align, a);
                at = union ? 0 : ((bits + 7) / 8 + a - 1) / a * a;
                if (at > maxSize) throw new ArithmeticException("struct too large");
                p = new Field(f.name(), f.type(), (int) at);
                bits = 8 * (at + f.type().size());
            }
            if (f.name() != null) {
                placed.add(p);
                byName.put(f.name(), p);
            }
            sizeBits = Math.max(sizeBits, bits);
        }
        long size = (sizeBits + 7) / 8;
        size = (size + align - 1) / align * align;
        if (size > maxSize) throw new ArithmeticException("struct too large");
        return new StructLayout(List.copyOf(placed), byName, (int) size, align);
    }

    public Field field(String name) {
        return byName.get(name);
    }
}
