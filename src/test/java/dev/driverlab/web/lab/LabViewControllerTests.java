package dev.driverlab.web.lab;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The lab's read-only endpoints and pages, without a browser. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabViewControllerTests {
    @LocalServerPort
    int port;

    @Test
    void aPastStepIsShownWithoutRewindingTheSession() {
        ApiClient api = new ApiClient(port);
        String id = json(api.post(
                        "/api/sessions",
                        Map.of(
                                "scenario",
                                "devm-irq-tasklet",
                                "commands",
                                List.of("insmod devm_irq_tasklet", "unbind my_device"))))
                .get("id")
                .asString();
        long steps =
                json(api.get("/api/sessions/" + id)).get("state").get("steps").asLong();

        JsonNode past = json(api.get("/api/sessions/" + id + "/view?step=10"));
        assertThat(past.get("head").asBoolean()).isFalse();
        assertThat(past.get("state").get("steps").asLong()).isEqualTo(10);
        assertThat(json(api.get("/api/sessions/" + id))
                        .get("state")
                        .get("steps")
                        .asLong())
                .isEqualTo(steps);

        JsonNode now = json(api.get("/api/sessions/" + id + "/view"));
        assertThat(now.get("head").asBoolean()).isTrue();
        JsonNode myStruct = null;
        for (JsonNode o : now.get("heap")) {
            for (JsonNode f : o.get("fields")) if (f.get("name").asString().equals("tasklet.func")) myStruct = o;
        }
        assertThat(myStruct).as("struct my_struct's fields").isNotNull();
        assertThat(myStruct.toString()).contains("tasklet_handler");

        assertThat(api.get("/api/sessions/" + id + "/view?step=" + (steps + 1)).statusCode())
                .isEqualTo(400);
        assertThat(json(api.get("/api/sessions/" + id + "/scenario"))
                        .get("spec")
                        .get("scenario")
                        .asString())
                .isEqualTo("devm-irq-tasklet");
    }

    @Test
    void validationGivesTheCompileErrorsLineAndColumn() {
        ApiClient api = new ApiClient(port);
        assertThat(api.post("/api/validate", Map.of("source", "int f(void)\n{\n\treturn 1;\n}\n"))
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> bad = api.post("/api/validate", Map.of("source", "int f(void)\n{\n\treturn 1 +;\n}\n"));
        assertThat(bad.statusCode()).isEqualTo(422);
        JsonNode problem = json(bad);
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("col").asInt()).isEqualTo(12);
        assertThat(problem.get("message").asString()).contains(":3:12: error:");
    }

    @Test
    void labPagesCarryAStrictContentSecurityPolicyAndNoInlineCode() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> page = api.get("/lab/devm-irq-tasklet");
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self' 'nonce-").doesNotContain("unsafe-inline");
        String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
        // The import map is the one inline element, and it carries the nonce; everything else is a file.
        assertThat(page.body())
                .contains("<script type=\"importmap\" nonce=\"" + nonce + "\">")
                .doesNotContain(" onclick=")
                .doesNotContain(" style=\"");
        // every other script is a file of this server (d3, CodeMirror and its addons, the modules), and so is
        // every stylesheet: each of them is served
        List<String> files = new ArrayList<>();
        Matcher m = Pattern.compile("<(script|link)\\b[^>]*?\\b(src|href)=\"([^\"]+)\"")
                .matcher(page.body());
        while (m.find()) files.add(m.group(3));
        assertThat(page.body().split("<script").length - 1)
                .isEqualTo(1 + page.body().split("<script\\b[^>]*?\\bsrc=\"").length - 1);
        // the modules are preloaded all at once (the whole static import graph), each a fingerprinted file
        assertThat(files.stream().filter(f -> f.matches("/js/lab/LabPage-[0-9a-f]{32}\\.js")))
                .hasSize(1);
        assertThat(page.body())
                .containsPattern("<link rel=\"modulepreload\" href=\"/js/lab/FirstRequests-[0-9a-f]{32}\\.js\">");
        for (String file : new String[] {
            "lib/codemirror.js", "mode/clike/clike.js", "addon/hint/show-hint.js", "lib/codemirror.css"
        }) {
            // fingerprinted: name-<md5>.ext (the editor's scripts sit in an inert template until first used)
            String[] parts = file.split("\\.(?=[a-z]+$)");
            assertThat(files)
                    .as(file)
                    .anyMatch(f -> f.matches(
                            "/webjars/codemirror/(5\\.65\\.\\d+/)?" + parts[0] + "-[0-9a-f]{32}\\." + parts[1]));
        }
        for (String f : files) assertThat(api.get(f).statusCode()).as(f).isEqualTo(200);
        assertThat(api.get("/lab/no-such-scenario").statusCode()).isEqualTo(404);
        assertThat(api.get("/sessions/AAAAAAAAAAAAAAAAAAAAAA").statusCode()).isEqualTo(404);
        assertThat(api.get("/lab").statusCode()).isEqualTo(200);
        assertThat(api.get("/webjars/d3/dist/d3.min.js").statusCode()).isEqualTo(200);
        assertThat(api.get("/webjars/stomp__stompjs/esm6/index.js").statusCode())
                .isEqualTo(200);
    }
}
