package dev.driverlab.engine.compile;

import dev.driverlab.lang.MacroTable;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.lang.Token;
import dev.driverlab.lang.TokenType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled kernel prelude as bytes, and back: the image a start loads instead of compiling the prelude again
 * (see {@code engine/KernelCache}). Everything a {@link Unit} holds is written field by field: its functions
 * (bytecode, constants, frames' locals and parameters), globals, constants, struct layouts, typedefs, relocations,
 * data image and macros. Identity is kept where the compiler relies on it: each struct and each source file is one
 * object (types point at the struct, not a copy), and the shared type constants ({@link CType#INT} ...) come back as
 * the constants themselves. Strings are written once each. {@link #read} rejects anything it cannot read in full
 * with an {@link IOException} (a cut or corrupt image); the cache's checksum and key catch the rest.
 */
public final class KernelImage {
    /** Bumped whenever the layout below changes (the cache's key includes it too). */
    public static final int FORMAT = 1;

    private static final List<CType> CONSTANTS = CType.SHARED;

    private static final int T_VOID = 100, T_INT = 101, T_PTR = 102, T_ARRAY = 103, T_FUNC = 104;
    private static final int T_STRUCT_NEW = 105, T_STRUCT_REF = 106, T_NULL = 107;

    private KernelImage() {}

    /** The unit as bytes: {@link #read} gives back a unit equal to it field by field. */
    public static byte[] write(Unit u) {
        try {
            return new Writer().unit(u);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** The unit the bytes hold; an IOException for bytes that are not a whole image of this format. */
    public static Unit read(byte[] bytes) throws IOException {
        try {
            return new Reader(ByteBuffer.wrap(bytes)).unit();
        } catch (RuntimeException e) { // BufferUnderflow, IndexOutOfBounds, ClassCast ...: not an image we wrote
            throw new IOException("corrupt kernel image: " + e, e);
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final Map<String, Integer> strings = new HashMap<>();
        private final Map<SourceFile, Integer> files = new IdentityHashMap<>();
        private final Map<CType.Struct, Integer> structs = new IdentityHashMap<>();
        private final Map<FunctionCode, Integer> functions = new IdentityHashMap<>();

        byte[] unit(Unit u) throws IOException {
            str(u.name);
            out.writeBoolean(u.kernel);
            file(u.file);
            out.writeInt(u.functions.size());
            for (FunctionCode f : u.functions) {
                functions.put(f, functions.size());
                function(f);
            }
            out.writeInt(u.functionsByName.size());
            for (var e : u.functionsByName.entrySet()) {
                str(e.getKey());
                functionRef(e.getValue());
            }
            out.writeInt(u.globals.size());
            for (var e : u.globals.entrySet()) {
                str(e.getKey());
                Unit.Global g = e.getValue();
                str(g.name());
                type(g.type());
                out.writeInt(g.offset());
                out.writeBoolean(g.isStatic());
            }
            out.writeInt(u.constants.size());
            for (var e : u.constants.entrySet()) {
                str(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(u.structs.size());
            for (var e : u.structs.entrySet()) {
                str(e.getKey());
                type(e.getValue());
            }
            out.writeInt(u.typedefs.size());
            for (var e : u.typedefs.entrySet()) {
                str(e.getKey());
                type(e.getValue());
            }
            out.writeInt(u.relocs.size());
            for (Unit.Reloc r : u.relocs) {
                out.writeInt(r.offset());
                out.writeByte(r.kind().ordinal());
                out.writeInt(r.target());
            }
            strs(u.warnings);
            strs(u.names);
            List<MacroTable.Macro> macros = u.macros.all();
            out.writeInt(macros.size());
            for (MacroTable.Macro m : macros) macro(m);
            out.writeInt(u.initialData.length);
            out.write(u.initialData);
            out.writeInt(u.dataSize);
            functionRef(u.initFn);
            functionRef(u.exitFn);
            str(u.license);
            out.writeInt(u.modinfo.size());
            for (var e : u.modinfo.entrySet()) {
                str(e.getKey());
                str(e.getValue());
            }
            out.writeInt(u.strings.size());
            for (int[] s : u.strings) ints(s);
            out.flush();
            return bytes.toByteArray();
        }

        private void function(FunctionCode f) throws IOException {
            str(f.name);
            out.writeInt(f.index);
            type(f.type);
            file(f.file);
            out.writeInt(f.line);
            out.writeBoolean(f.kernel);
            ints(f.code);
            if (f.consts == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(f.consts.length);
                for (long c : f.consts) out.writeLong(c);
            }
            out.writeInt(f.slots);
            out.writeInt(f.maxStack);
            out.writeInt(f.stackSize);
            if (f.locals == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(f.locals.size());
                for (FunctionCode.LocalInfo l : f.locals) {
                    str(l.name());
                    type(l.type());
                    out.writeBoolean(l.inStack());
                    out.writeInt(l.where());
                    out.writeInt(l.fromPc());
                    out.writeInt(l.toPc());
                }
            }
            if (f.params == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(f.params.size());
                for (FunctionCode.ParamInfo p : f.params) {
                    str(p.name());
                    type(p.type());
                    out.writeInt(p.stackOffset());
                }
            }
            out.writeInt(f.builtin);
            out.writeBoolean(f.inline);
        }

        private void functionRef(FunctionCode f) throws IOException {
            if (f == null) {
                out.writeInt(-1);
                return;
            }
            Integer i = functions.get(f);
            if (i == null) throw new IllegalStateException("function " + f.name + " is not in the unit's list");
            out.writeInt(i);
        }

        private void type(CType t) throws IOException {
            if (t == null) {
                out.writeByte(T_NULL);
                return;
            }
            for (int i = 0; i < CONSTANTS.size(); i++) {
                if (CONSTANTS.get(i) == t) {
                    out.writeByte(i);
                    return;
                }
            }
            if (t instanceof CType.Void) {
                out.writeByte(T_VOID);
            } else if (t instanceof CType.Int i) {
                out.writeByte(T_INT);
                out.writeInt(i.size());
                out.writeBoolean(i.signed());
                str(i.name());
            } else if (t instanceof CType.Ptr p) {
                out.writeByte(T_PTR);
                type(p.to());
            } else if (t instanceof CType.Array a) {
                out.writeByte(T_ARRAY);
                type(a.element());
                out.writeInt(a.length());
            } else if (t instanceof CType.Func f) {
                out.writeByte(T_FUNC);
                type(f.returns());
                out.writeInt(f.params().size());
                for (CType p : f.params()) type(p);
                out.writeBoolean(f.variadic());
            } else if (t instanceof CType.Struct s) {
                Integer id = structs.get(s);
                if (id != null) {
                    out.writeByte(T_STRUCT_REF);
                    out.writeInt(id);
                    return;
                }
                structs.put(s, structs.size());
                out.writeByte(T_STRUCT_NEW); // its id is the next one: the reader counts the same way
                str(s.tag());
                out.writeBoolean(s.union());
                StructLayout l = s.layout();
                out.writeBoolean(l != null);
                if (l != null) layout(l);
            } else {
                throw new IllegalStateException("a type the image does not know: " + t);
            }
        }

        private void layout(StructLayout l) throws IOException {
            out.writeInt(l.fields().size());
            for (StructLayout.Field f : l.fields()) field(f);
            out.writeInt(l.byName().size());
            for (var e : l.byName().entrySet()) {
                str(e.getKey());
                field(e.getValue());
            }
            out.writeInt(l.size());
            out.writeInt(l.align());
        }

        private void field(StructLayout.Field f) throws IOException {
            str(f.name());
            type(f.type());
            out.writeInt(f.offset());
            out.writeInt(f.bitOffset());
            out.writeInt(f.bitWidth());
        }

        private void macro(MacroTable.Macro m) throws IOException {
            str(m.name());
            if (m.params() == null) {
                out.writeInt(-1);
            } else {
                strs(m.params());
            }
            out.writeBoolean(m.variadic());
            out.writeInt(m.body().size());
            for (Token t : m.body()) {
                out.writeByte(t.type().ordinal());
                str(t.text());
                pos(t.pos());
                out.writeLong(t.value());
                str(t.string());
            }
            pos(m.pos());
        }

        private void pos(Pos p) throws IOException {
            if (p == Pos.NONE) {
                out.writeInt(-1);
                return;
            }
            out.writeInt(p.line());
            out.writeInt(p.col());
            out.writeInt(p.file());
        }

        private void file(SourceFile f) throws IOException {
            if (f == null) {
                out.writeInt(-1);
                return;
            }
            Integer id = files.get(f);
            if (id != null) {
                out.writeInt(id);
                return;
            }
            files.put(f, files.size());
            out.writeInt(-2); // a new one, numbered next
            str(f.name());
            str(f.text());
        }

        private void strs(List<String> list) throws IOException {
            out.writeInt(list.size());
            for (String s : list) str(s);
        }

        private void ints(int[] a) throws IOException {
            if (a == null) {
                out.writeInt(-1);
                return;
            }
            out.writeInt(a.length);
            for (int v : a) out.writeInt(v);
        }

        /** -1 null, an index for a string already written, -2 then its UTF-8 bytes for a new one. */
        private void str(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            Integer id = strings.get(s);
            if (id != null) {
                out.writeInt(id);
                return;
            }
            strings.put(s, strings.size());
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(-2);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static final class Reader {
        private final ByteBuffer in;
        private final List<String> strings = new ArrayList<>();
        private final List<SourceFile> files = new ArrayList<>();
        private final List<CType.Struct> structs = new ArrayList<>();
        private final List<FunctionCode> functions = new ArrayList<>();
        private static final TokenType[] TOKEN_TYPES = TokenType.values();
        private static final Unit.RelocKind[] RELOC_KINDS = Unit.RelocKind.values();

        Reader(ByteBuffer in) {
            this.in = in;
        }

        Unit unit() throws IOException {
            String name = str();
            boolean kernel = bool();
            Unit u = new Unit(name, kernel, file());
            int n = count();
            for (int i = 0; i < n; i++) {
                FunctionCode f = function();
                functions.add(f);
                u.functions.add(f);
            }
            n = count();
            for (int i = 0; i < n; i++) u.functionsByName.put(str(), functionRef());
            n = count();
            for (int i = 0; i < n; i++) {
                String key = str();
                u.globals.put(key, new Unit.Global(str(), type(), in.getInt(), bool()));
            }
            n = count();
            for (int i = 0; i < n; i++) u.constants.put(str(), in.getLong());
            n = count();
            for (int i = 0; i < n; i++) u.structs.put(str(), (CType.Struct) type());
            n = count();
            for (int i = 0; i < n; i++) u.typedefs.put(str(), type());
            n = count();
            for (int i = 0; i < n; i++)
                u.relocs.add(new Unit.Reloc(in.getInt(), RELOC_KINDS[in.get() & 0xff], in.getInt()));
            u.warnings.addAll(strs());
            u.names.addAll(strs());
            n = count();
            List<MacroTable.Macro> macros = new ArrayList<>(n);
            for (int i = 0; i < n; i++) macros.add(macro());
            u.macros = MacroTable.of(macros);
            u.initialData = new byte[count()];
            in.get(u.initialData);
            u.dataSize = in.getInt();
            u.initFn = functionRef();
            u.exitFn = functionRef();
            u.license = str();
            for (int i = count(); i > 0; i--) u.modinfo.put(str(), str());
            n = count();
            for (int i = 0; i < n; i++) u.strings.add(ints());
            if (in.hasRemaining())
                throw new IOException("corrupt kernel image: " + in.remaining() + " bytes past its end");
            return u;
        }

        private FunctionCode function() throws IOException {
            String name = str();
            int index = in.getInt();
            CType.Func type = (CType.Func) type();
            FunctionCode f = new FunctionCode(name, index, type, file(), in.getInt(), bool());
            f.code = ints();
            int n = in.getInt();
            if (n >= 0) {
                if (8L * n > in.remaining()) throw new IOException("corrupt kernel image: constants " + n);
                f.consts = new long[n];
                in.asLongBuffer().get(f.consts);
                in.position(in.position() + 8 * n);
            }
            f.slots = in.getInt();
            f.maxStack = in.getInt();
            f.stackSize = in.getInt();
            n = countOrNone();
            if (n >= 0) {
                f.locals = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    f.locals.add(
                            new FunctionCode.LocalInfo(str(), type(), bool(), in.getInt(), in.getInt(), in.getInt()));
                }
            }
            n = countOrNone();
            if (n >= 0) {
                f.params = new ArrayList<>(n);
                for (int i = 0; i < n; i++) f.params.add(new FunctionCode.ParamInfo(str(), type(), in.getInt()));
            }
            f.builtin = in.getInt();
            f.inline = bool();
            return f;
        }

        private FunctionCode functionRef() throws IOException {
            int i = in.getInt();
            return i == -1 ? null : functions.get(i);
        }

        private CType type() throws IOException {
            int tag = in.get() & 0xff;
            if (tag < CONSTANTS.size()) return CONSTANTS.get(tag);
            return switch (tag) {
                case T_NULL -> null;
                case T_VOID -> new CType.Void();
                case T_INT -> new CType.Int(in.getInt(), bool(), str());
                case T_PTR -> new CType.Ptr(type());
                case T_ARRAY -> new CType.Array(type(), in.getInt());
                case T_FUNC -> {
                    CType returns = type();
                    int n = count();
                    List<CType> params = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) params.add(type());
                    yield new CType.Func(returns, params, bool());
                }
                case T_STRUCT_REF -> structs.get(in.getInt());
                case T_STRUCT_NEW -> {
                    CType.Struct s = new CType.Struct(str(), bool());
                    structs.add(s); // before its layout, which may point back at it
                    if (bool()) s.define(layout());
                    yield s;
                }
                default -> throw new IOException("corrupt kernel image: type tag " + tag);
            };
        }

        private StructLayout layout() throws IOException {
            int n = count();
            List<StructLayout.Field> fields = new ArrayList<>(n);
            for (int i = 0; i < n; i++) fields.add(field());
            n = count();
            Map<String, StructLayout.Field> byName = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) byName.put(str(), field());
            return new StructLayout(List.copyOf(fields), byName, in.getInt(), in.getInt());
        }

        private StructLayout.Field field() throws IOException {
            return new StructLayout.Field(str(), type(), in.getInt(), in.getInt(), in.getInt());
        }

        private MacroTable.Macro macro() throws IOException {
            String name = str();
            int n = countOrNone();
            List<String> params = null;
            if (n >= 0) {
                params = new ArrayList<>(n);
                for (int i = 0; i < n; i++) params.add(str());
                params = List.copyOf(params);
            }
            boolean variadic = bool();
            n = count();
            List<Token> body = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                body.add(new Token(TOKEN_TYPES[in.get() & 0xff], str(), pos(), in.getLong(), str()));
            }
            return new MacroTable.Macro(name, params, variadic, List.copyOf(body), pos());
        }

        private Pos pos() {
            int line = in.getInt();
            return line == -1 ? Pos.NONE : new Pos(line, in.getInt(), in.getInt());
        }

        private SourceFile file() throws IOException {
            int id = in.getInt();
            if (id == -1) return null;
            if (id != -2) return files.get(id);
            SourceFile f = new SourceFile(str(), str());
            files.add(f);
            return f;
        }

        private List<String> strs() throws IOException {
            int n = count();
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(str());
            return list;
        }

        private int[] ints() throws IOException {
            int n = in.getInt();
            if (n == -1) return null;
            if (n < 0 || 4L * n > in.remaining()) throw new IOException("corrupt kernel image: array of " + n);
            int[] a = new int[n];
            in.asIntBuffer().get(a);
            in.position(in.position() + 4 * n);
            return a;
        }

        private int count() throws IOException {
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) throw new IOException("corrupt kernel image: count " + n);
            return n;
        }

        /** A count written as -1 for a null list: -1, or a count no larger than what is left to read. */
        private int countOrNone() throws IOException {
            int n = in.getInt();
            if (n < -1 || n > in.remaining()) throw new IOException("corrupt kernel image: count " + n);
            return n;
        }

        private boolean bool() {
            return in.get() != 0;
        }

        private String str() throws IOException {
            int id = in.getInt();
            if (id == -1) return null;
            if (id != -2) return strings.get(id);
            int n = count();
            String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
            in.position(in.position() + n);
            strings.add(s);
            return s;
        }
    }
}
