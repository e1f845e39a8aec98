package dev.driverlab.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.driverlab.kernel.World;
import dev.driverlab.lang.SourceFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scenario file, validated: a driver ({@code source}, kernel-style C), the machine it runs on, and the scripts
 * that drive it. Optional parts are never null, so the UI and the runner need no null checks: {@code seed},
 * {@code script} and {@code lesson} default to "", {@code module} to the id, {@code world} to {@link World#DEFAULT}.
 *
 * @param seed    the teaching text the scenario was written from (a name kept for its authors, not shown), or ""
 * @param scripts named scripts in file order (the order the UI offers them in)
 * @param modules several modules built together (Kbuild's {@code obj-m += a.o b.o}): each module's name and its C
 *     files of {@code sources}; empty for the one module {@code module} of all the C files
 */
public record Scenario(
        String id,
        String title,
        String summary,
        String seed,
        String module,
        World world,
        String script,
        Map<String, String> scripts,
        String source,
        String lesson,
        List<String> tags,
        ExploreSpec explore,
        Map<String, String> sources,
        Map<String, List<String>> modules) {

    /** What a file of {@code sources} may be called: a C file or a header, no directories. */
    public static final Pattern SOURCE_NAME =
            Pattern.compile("(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}/){0,3}[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}\\.[ch]");

    /** How many files {@code sources} may hold. */
    public static final int MAX_SOURCES = 32;

    /**
     * A scenario of the four required parts, the rest given to the {@link Builder} or left at their defaults; a new
     * component is added here, in the builder, and nowhere else.
     */
    public static Builder builder(String id, String title, String summary, String source) {
        return new Builder(id, title, summary, source);
    }

    /** A builder holding every part of this scenario, to change some. */
    public Builder toBuilder() {
        return builder(id, title, summary, source)
                .seed(seed)
                .module(module)
                .world(world)
                .script(script)
                .scripts(scripts)
                .lesson(lesson)
                .tags(tags)
                .explore(explore)
                .sources(sources)
                .modules(modules);
    }

    /** The parts of a scenario being built; null (the default) is the canonical constructor's default. */
    public static final class Builder {
        private String id;
        private String title;
        private String summary;
        private String source;
        private String seed;
        private String module;
        private World world;
        private String script;
        private Map<String, String> scripts;
        private String lesson;
        private List<String> tags;
        private ExploreSpec explore;
        private Map<String, String> sources;
        private Map<String, List<String>> modules;

        private Builder(String id, String title, String summary, String source) {
            this.id = id;
            this.title = title;
            this.summary = summary;
            this.source = source;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder seed(String seed) {
            this.seed = seed;
            return this;
        }

        public Builder module(String module) {
            this.module = module;
            return this;
        }

        public Builder world(World world) {
            this.world = world;
            return this;
        }

        public Builder script(String script) {
            this.script = script;
            return this;
        }

        public Builder scripts(Map<String, String> scripts) {
            this.scripts = scripts;
            return this;
        }

        public Builder lesson(String lesson) {
            this.lesson = lesson;
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder explore(ExploreSpec explore) {
            this.explore = explore;
            return this;
        }

        public Builder sources(Map<String, String> sources) {
            this.sources = sources;
            return this;
        }

        public Builder modules(Map<String, List<String>> modules) {
            this.modules = modules;
            return this;
        }

        public Scenario build() {
            return new Scenario(
                    id, title, summary, seed, module, world, script, scripts, source, lesson, tags, explore, sources,
                    modules);
        }
    }

    /**
     * Each module built and the C files it links, the main module ({@code module}) first: the one module of
     * {@link #compiledFiles()}, or those {@code modules} lists.
     */
    public Map<String, List<SourceFile>> moduleFiles() {
        Map<String, List<SourceFile>> result = new LinkedHashMap<>();
        if (modules.isEmpty()) {
            result.put(module, compiledFiles());
            return result;
        }
        List<String> names = new ArrayList<>(modules.keySet());
        names.remove(module);
        names.add(0, module);
        for (String name : names) {
            List<SourceFile> files = new ArrayList<>();
            for (String file : modules.get(name)) {
                boolean main = file.equals(module + ".c") && !source.isEmpty();
                files.add(new SourceFile(file, main ? source : sources.get(file)));
            }
            result.put(name, files);
        }
        return result;
    }

    /**
     * The C files compiled into the module, as Kbuild's {@code m-objs} would link them: {@code source} as MODULE.c
     * (unless empty and {@code sources} has C files), then each {@code .c} of {@code sources} in file order.
     */
    public List<SourceFile> compiledFiles() {
        List<SourceFile> files = new ArrayList<>();
        boolean otherC = sources.keySet().stream().anyMatch(n -> n.endsWith(".c"));
        if (!source.isEmpty() || !otherC) files.add(new SourceFile(module + ".c", source)); // "" is an empty file
        sources.forEach((name, text) -> {
            boolean main = name.equals(module + ".c") && !source.isEmpty(); // already there as source
            if (name.endsWith(".c") && !main) files.add(new SourceFile(name, text));
        });
        return files;
    }

    /**
     * The file an {@code #include} of {@code name} finds among the module's own, or null: the file at that path,
     * else (for a path into directories the scenario does not have, like LDD3's {@code "../include/x.h"}) the file
     * at its longest tail that exists ({@code include/x.h}, then {@code x.h}), so books' trees work pasted flat.
     */
    public SourceFile include(String name) {
        if (name.equals(module + ".c") && !source.isEmpty()) return new SourceFile(name, source);
        String path = SourceFile.normalize(name);
        if (path != null && sources.containsKey(path)) return new SourceFile(path, sources.get(path));
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            String tail = name.substring(slash + 1); // longest tail first: include/x.h, then x.h
            if (sources.containsKey(tail)) return new SourceFile(tail, sources.get(tail));
        }
        return null;
    }

    /** What a module name may be (a scenario file's {@code module:} and the keys of {@code modules:}). */
    public static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /**
     * What is wrong with the files and modules of a scenario built from parts rather than read from a file (a
     * scenario file's loader says the same with the line), or null: the rules of {@code sources:} and
     * {@code modules:}.
     */
    public String filesProblem() {
        if (!MODULE_NAME.matcher(module).matches()) return "module '" + module + "' must match [A-Za-z0-9_-]+";
        if (sources.size() > MAX_SOURCES) return "at most " + MAX_SOURCES + " source files";
        for (String name : sources.keySet()) {
            if (!SOURCE_NAME.matcher(name).matches()) {
                return "source file name '" + name
                        + "' must be a C file or header without directories (like scull.h or pipe.c)";
            }
        }
        for (Map.Entry<String, List<String>> m : modules.entrySet()) {
            String name = m.getKey();
            if (!MODULE_NAME.matcher(name).matches()) return "module '" + name + "' must match [A-Za-z0-9_-]+";
            if (m.getValue().isEmpty()) return "modules." + name + " needs a C file";
            for (String f : m.getValue()) {
                boolean main = !source.isEmpty() && f.equals(module + ".c");
                if (!f.endsWith(".c") || (!sources.containsKey(f) && !main)) {
                    return "modules." + name + ": '" + f + "' is not a C file of 'sources'";
                }
            }
        }
        if (!modules.isEmpty() && !modules.containsKey(module)) {
            return "module '" + module + "' is not one of 'modules'";
        }
        return null;
    }

    /** The depth of a search derived from a script. */
    public static final int DERIVED_SEARCH_DEPTH = 400;

    /**
     * The search "Find the race" runs: the declared one, else the one derived from the script (its setup, then every
     * command that changes the world as an event).
     */
    @JsonProperty("search")
    public ExploreSpec search() {
        return explore.isEmpty() ? ExploreSpec.derive(script, module, DERIVED_SEARCH_DEPTH) : explore;
    }

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(source, "source");
        seed = seed == null ? "" : seed;
        module = module == null ? id : module;
        world = world == null ? World.DEFAULT : world;
        script = script == null ? "" : script;
        explore = explore == null ? ExploreSpec.NONE : explore;
        // A plain copy keeps the author's order (Map.copyOf would not); unmodifiable keeps the record a value.
        scripts = scripts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
        lesson = lesson == null ? "" : lesson;
        tags = tags == null ? List.of() : List.copyOf(tags);
        sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (modules != null) modules.forEach((name, files) -> copy.put(name, List.copyOf(files)));
        modules = Collections.unmodifiableMap(copy);
    }
}
