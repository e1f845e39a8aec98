package dev.driverlab.engine.compile;

import dev.driverlab.kernel.KernelVersion;
import dev.driverlab.lang.Diagnostic;
import dev.driverlab.lang.MacroTable;
import dev.driverlab.lang.SourceFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compiled translation unit: the kernel prelude or one driver module. Its data image (globals and string
 * literals) is instantiated at load time by copying {@link #initialData} and applying {@link #relocs}, because
 * function and data addresses depend on where the module is loaded.
 */
public final class Unit {
    public final String name;
    public final boolean kernel;
    /** A module's kernel version (its LINUX_VERSION_CODE), null for the kernel itself. */
    KernelVersion version;

    public final SourceFile file;
    final List<FunctionCode> functions = new ArrayList<>();
    final Map<String, FunctionCode> functionsByName = new LinkedHashMap<>();
    final Map<String, Global> globals = new LinkedHashMap<>();
    final Map<String, Long> constants = new LinkedHashMap<>();
    final Map<String, CType.Struct> structs = new LinkedHashMap<>();
    final Map<String, CType> typedefs = new LinkedHashMap<>();
    final List<Reloc> relocs = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    /** The macros in force after this unit's files: the kernel's are what every driver starts from. */
    MacroTable macros = new MacroTable();

    byte[] initialData = new byte[0];
    int dataSize;
    FunctionCode initFn;
    FunctionCode exitFn;
    String license;
    /**
     * The module's other .modinfo entries the loader reads, by tag: {@code version} (MODULE_VERSION) and whatever a
     * MODULE_INFO(tag, "value") names of {@link UnitCompiler#MODINFO_READ} ({@code vermagic}, {@code intree}).
     */
    final Map<String, String> modinfo = new TreeMap<>();

    public record Global(String name, CType type, int offset, boolean isStatic) {}

    /**
     * A symbol the module uses but does not define (an undefined symbol of its object file), with the error modpost
     * gives when no module built with it exports the symbol.
     */
    public record Import(String name, Diagnostic undefined) {}

    /** An EXPORT_SYMBOL/_GPL/_NS/_NS_GPL: the module's symbol others may link to. */
    public record Export(String name, boolean gpl, String namespace) {}

    final List<Import> imports = new ArrayList<>();
    final List<Export> exports = new ArrayList<>();

    public enum RelocKind {
        FUNC,
        DATA,
        KFUNC,
        KDATA,
        BUILTIN
    }

    /** At load: write the address of (kind, target) as 8 bytes at {@code offset} of the data image. */
    public record Reloc(int offset, RelocKind kind, int target) {}

    Unit(String name, boolean kernel, SourceFile file) {
        this.name = name;
        this.kernel = kernel;
        this.file = file;
    }

    public List<FunctionCode> functions() {
        return functions;
    }

    public FunctionCode function(String name) {
        return functionsByName.get(name);
    }

    public Global global(String name) {
        return globals.get(name);
    }

    public Map<String, Global> globals() {
        return globals;
    }

    public Map<String, Long> constants() {
        return constants;
    }

    public CType.Struct struct(String tag) {
        return structs.get(tag);
    }

    public CType typedef(String name) {
        return typedefs.get(name);
    }

    public Map<String, CType> typedefs() {
        return typedefs;
    }

    public List<Reloc> relocs() {
        return relocs;
    }

    public byte[] initialData() {
        return initialData;
    }

    public int dataSize() {
        return dataSize;
    }

    public FunctionCode initFn() {
        return initFn;
    }

    public FunctionCode exitFn() {
        return exitFn;
    }

    public String license() {
        return license;
    }

    /** What the module uses without defining it, in order of first use. */
    public List<Import> imports() {
        return imports;
    }

    /** What the module exports, in source order. */
    public List<Export> exports() {
        return exports;
    }

    /** Compile-time warnings (gcc-style lines), e.g. a driver's {@code #warning}. */
    public List<String> warnings() {
        return warnings;
    }

    /** Where the string literals are in the data image: {offset, size with the NUL}, in order of placement. */
    public List<int[]> strings() {
        return strings;
    }

    final List<int[]> strings = new ArrayList<>();

    /** Names referenced by CALL_UNKNOWN instructions. */
    public List<String> names() {
        return names;
    }
}
