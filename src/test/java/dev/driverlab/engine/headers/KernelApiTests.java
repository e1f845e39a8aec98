package dev.driverlab.engine.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.headers.KernelApi.Entry;
import dev.driverlab.engine.headers.KernelApi.Kind;
import dev.driverlab.lang.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KernelApiTests {
    private static final String HEADER = """
            /* a header in the kernel's style */
            #ifndef _LINUX_WIDGET_H
            #define _LINUX_WIDGET_H

            #define WIDGET_MAX 16 /* how many */
            #define WIDGET_NAME "widget"
            #define widget_of(ptr) \\
            	container_of(ptr, struct widget, dev)
            #define __widgety

            enum widget_state { WIDGET_OFF, WIDGET_ON = 1 << 2, };
            typedef struct { int counter; } widget_count_t;
            typedef int (*widget_fn)(struct widget *w,
            			 void *data);

            struct widget {
            	const char *name;
            	int (*poke)(struct widget *w); /* ; in a comment */
            };

            extern unsigned long widget_ticks;

            int widget_register(struct widget *w,
            		    const char __user *name);	/* registers */
            static inline void *widget_data(const struct widget *w)
            {
            	return (void *)w->name;
            }
            #endif /* _LINUX_WIDGET_H */
            """;

    private static final String SOURCE = """
            static int widget_count(void)
            {
            	return 0;
            }

            int widget_register(struct widget *w, const char *name)
            {
            	return widget_count();
            }

            void widget_poke_all(int times)
            {
            	char *s = "not; a } boundary";
            }
            """;

    private static Map<String, Entry> byName(KernelApi api) {
        return api.entries().stream()
                .collect(Collectors.toMap(Entry::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void aHeaderListsItsFunctionsMacrosTypesConstantsAndVariablesAsWritten() {
        KernelApi api = KernelApi.of(List.of(new SourceFile("include/linux/widget.h", HEADER)));
        Map<String, Entry> e = byName(api);
        assertThat(e.keySet())
                .containsExactly(
                        "WIDGET_MAX",
                        "WIDGET_NAME",
                        "widget_of",
                        "__widgety",
                        "widget_state",
                        "WIDGET_OFF",
                        "WIDGET_ON",
                        "widget_count_t",
                        "widget_fn",
                        "widget",
                        "widget_ticks",
                        "widget_register",
                        "widget_data");
        assertThat(e.get("WIDGET_MAX"))
                .isEqualTo(new Entry("WIDGET_MAX", "#define WIDGET_MAX 16", "linux/widget.h", Kind.CONSTANT));
        assertThat(e.get("WIDGET_NAME").kind()).isEqualTo(Kind.CONSTANT);
        assertThat(e.get("widget_of"))
                .isEqualTo(new Entry("widget_of", "#define widget_of(ptr)", "linux/widget.h", Kind.MACRO));
        assertThat(e.get("__widgety").kind()).isEqualTo(Kind.MACRO);
        assertThat(e.get("WIDGET_ON").prototype()).isEqualTo("WIDGET_ON = 1 << 2");
        assertThat(e.get("WIDGET_OFF").kind()).isEqualTo(Kind.CONSTANT);
        assertThat(e.get("widget_count_t").prototype()).isEqualTo("typedef struct { int counter; } widget_count_t");
        assertThat(e.get("widget_fn").prototype()).isEqualTo("typedef int (*widget_fn)(struct widget *w, void *data)");
        assertThat(e.get("widget"))
                .isEqualTo(new Entry(
                        "widget",
                        "struct widget { const char *name; int (*poke)(struct widget *w); }",
                        "linux/widget.h",
                        Kind.TYPE));
        assertThat(e.get("widget_ticks"))
                .isEqualTo(new Entry("widget_ticks", "unsigned long widget_ticks", "linux/widget.h", Kind.VARIABLE));
        assertThat(e.get("widget_register"))
                .isEqualTo(new Entry(
                        "widget_register",
                        "int widget_register(struct widget *w, const char __user *name)",
                        "linux/widget.h",
                        Kind.FUNCTION));
        assertThat(e.get("widget_data").prototype()).isEqualTo("void *widget_data(const struct widget *w)");
        assertThat(e).doesNotContainKey("_LINUX_WIDGET_H"); // an include guard is no API
    }

    @Test
    void aKernelSourceFileAddsItsExportedDefinitionsOnly() {
        KernelApi api = KernelApi.of(List.of(
                new SourceFile("include/linux/widget.h", HEADER), new SourceFile("drivers/widget/core.c", SOURCE)));
        Map<String, Entry> e = byName(api);
        assertThat(e).doesNotContainKey("widget_count"); // static: file-local
        assertThat(e.get("widget_register").header()).isEqualTo("linux/widget.h"); // the header declared it first
        assertThat(e.get("widget_register").prototype()).contains("__user");
        assertThat(e.get("widget_poke_all"))
                .isEqualTo(new Entry(
                        "widget_poke_all", "void widget_poke_all(int times)", "drivers/widget/core.c", Kind.FUNCTION));
        assertThat(api.files()).containsExactly("include/linux/widget.h", "drivers/widget/core.c");
    }

    @Test
    void aMacroCallWithoutSemicolonDoesNotLeakIntoTheNextPrototype() {
        KernelApi api = KernelApi.of(List.of(new SourceFile("kernel/x.c", """
                EXPORT_SYMBOL(widget_a)
                int widget_b(void)
                {
                	return 0;
                }
                """)));
        assertThat(byName(api).get("widget_b").prototype()).isEqualTo("int widget_b(void)");
    }

    @Test
    void thePreludeListsEveryHeaderOnDiskAndWhatItDeclares() throws IOException {
        KernelApi api = KernelApi.prelude();
        Path include = Path.of("src/main/resources/kernel");
        List<String> headers;
        try (Stream<Path> files = Files.walk(include.resolve("include"))) {
            headers = files.filter(p -> p.toString().endsWith(".h"))
                    .map(p -> include.relativize(p).toString())
                    .toList();
        }
        assertThat(headers).isNotEmpty();
        assertThat(api.files())
                .as("every header is read (listed in kernel/files.txt)")
                .containsAll(headers);
        Map<String, Entry> e = byName(api);
        assertThat(e.get("kmalloc").kind()).isEqualTo(Kind.FUNCTION);
        assertThat(e.get("kmalloc").prototype()).matches("void \\*kmalloc\\(size_t \\w+, gfp_t \\w+\\)");
        assertThat(e.get("platform_device").kind()).isEqualTo(Kind.TYPE);
        assertThat(e.get("ENOMEM").kind()).isEqualTo(Kind.CONSTANT);
        for (Entry x : api.entries()) {
            assertThat(x.prototype())
                    .as(x.name())
                    .contains(x.name())
                    .doesNotContain("\n")
                    .doesNotContain("/*");
        }
    }
}
