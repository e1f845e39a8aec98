package dev.driverlab.web.page;

import dev.driverlab.engine.headers.KernelApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /kernel-api}: what a driver can use, by header, with prototypes (the editor's link "kernel API"). */
@Controller
class KernelApiPageController {
    /** One header (or kernel .c file) and what it declares, in its order. */
    record Group(String file, String id, boolean source, List<KernelApi.Entry> entries) {}

    /**
     * The groups, built at the first request (the server reads the prelude's API in the background once it is
     * ready, so that request seldom waits): not at startup, where it cost ~5% of the time to health UP.
     */
    private static final class Groups {
        static final List<Group> ALL = build();

        private static List<Group> build() {
            Map<String, List<KernelApi.Entry>> byFile = new LinkedHashMap<>();
            for (KernelApi.Entry e : KernelApi.prelude().entries()) {
                byFile.computeIfAbsent(e.header(), h -> new ArrayList<>()).add(e);
            }
            List<Group> list = new ArrayList<>();
            // functions first, then macros, types, constants, variables; each in the file's order
            byFile.forEach((file, entries) -> list.add(new Group(
                    file,
                    "file-" + file.replaceAll("[^A-Za-z0-9]", "-"),
                    file.endsWith(".c"),
                    entries.stream()
                            .sorted(Comparator.comparing(KernelApi.Entry::kind))
                            .toList())));
            return List.copyOf(list);
        }
    }

    @GetMapping("/kernel-api")
    String page(Model model) {
        model.addAttribute("groups", Groups.ALL);
        model.addAttribute("count", KernelApi.prelude().entries().size());
        return "kernel-api";
    }
}
