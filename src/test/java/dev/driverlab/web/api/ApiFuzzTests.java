package dev.driverlab.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.Fuzz;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every request body and query a client can send, mutated at random from valid ones: each ends in a result or in
 * a problem+json client error with a {@code code}, never a 500 and never a word about Java.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiFuzzTests {
    /** Names of Java packages, classes and frames: none may reach a client. */
    static final Pattern JAVA = Pattern.compile(
            "\\b(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.springframework|org\\.apache|dev\\.driverlab)"
                    + "\\.[a-z]|\\b[A-Z][A-Za-z]{0,40}(Exception|Error)\\b|\\bat [a-z]{1,40}\\.[a-z]");

    static final String SOURCE = """
            #include <linux/module.h>
            static int __init m_init(void) { pr_info("hi\\n"); return 0; }
            static void __exit m_exit(void) { }
            module_init(m_init);
            module_exit(m_exit);
            MODULE_LICENSE("GPL");
            """;

    /** Valid bodies per endpoint ({@code SESSION} is replaced by a live session's id). */
    static final List<String[]> VALID = List.of(
            new String[] {
                "/api/sessions", "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[\"insmod devm_irq_tasklet\"]}"
            },
            new String[] {
                "/api/sessions",
                "{\"source\":" + ApiClient.JSON.writeValueAsString(SOURCE)
                        + ",\"world\":{\"cpus\":2,\"devices\":[{\"name\":\"d\",\"bus\":\"platform\",\"irq\":17}]},\"module\":\"m\"}"
            },
            new String[] {"/api/sessions/SESSION/commands", "{\"commands\":[\"irq 17\",\"lsmod\"]}"},
            new String[] {"/api/sessions/SESSION/rewind", "{\"step\":3}"},
            new String[] {
                "/api/shares",
                "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[\"insmod devm_irq_tasklet\"],\"step\":2}"
            },
            new String[] {"/api/shares", "{\"sessionId\":\"SESSION\"}"},
            new String[] {"/api/links", "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[\"insmod devm_irq_tasklet\"]}"
            },
            new String[] {
                "/api/links/decode",
                "{\"z\":\"q1YqUTJUslIqzs9NVSjJSFVIzs8tKEotLs7Mz1OyUkpOLi4tKMovyc9TslIqS8wpTVWyUlJQSgEA\"}"
            },
            new String[] {"/api/runs", "{\"scenario\":\"devm-irq-tasklet-fixed\",\"scriptName\":\"rmmod\"}"},
            new String[] {"/api/validate", "{\"source\":" + ApiClient.JSON.writeValueAsString(SOURCE) + "}"},
            new String[] {
                "/api/explore",
                "{\"scenario\":\"devm-irq-tasklet\",\"events\":[\"irq 17\"],\"depth\":3,\"maxStates\":50,\"maxMillis\":500}"
            });

    static final List<String> QUERIES = List.of(
            "/api/sessions/SESSION/trace?from=%s&size=%s",
            "/api/sessions/SESSION/trace?format=%s&from=%s",
            "/api/sessions/SESSION/view?step=%s&x=%s",
            "/api/scenarios/%s?x=%s",
            "/s/%s?step=%s",
            "/api/shares/%s?x=%s",
            "/lab/%s?x=%s",
            "/api/sessions/%s/history?x=%s");

    @LocalServerPort
    int port;

    ApiClient api;
    String session;

    @BeforeEach
    void live() {
        api = new ApiClient(port);
        session = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + session + "/commands", "{\"commands\":[\"insmod devm_irq_tasklet\",\"irq 17\"]}");
    }

    @Test
    void everyMutatedBodyEndsInAResultOrAClientProblem() {
        Fuzz.check(
                "request bodies",
                400,
                r -> {
                    String[] valid = VALID.get(r.nextInt(VALID.size()));
                    return List.of(valid[0], JsonMutator.mutate(r, valid[1]));
                },
                request -> {
                    String path = request.get(0).replace("SESSION", session);
                    String body = request.get(1).replace("SESSION", session);
                    check(api.post(path, body), "POST " + path);
                });
    }

    @Test
    void everyOddQueryOrPathEndsInAResultOrAClientProblem() {
        Fuzz.check(
                "queries",
                200,
                r -> String.format(Fuzz.pick(r, QUERIES.toArray(String[]::new)), oddValue(r), oddValue(r)),
                path -> {
                    HttpResponse<String> response =
                            api.send(HttpRequest.newBuilder(URI.create(api.base() + path.replace("SESSION", session)))
                                    .GET());
                    check(response, "GET " + path);
                });
    }

    static String oddValue(Random r) {
        return Fuzz.pick(
                r,
                "",
                "-1",
                "0",
                "1",
                "99999999999999999999",
                "abc",
                "%00",
                "%25zz",
                "..%2F..%2Fetc",
                "%F0%9F%92%A5",
                "1e9",
                "NaN",
                "json",
                "text",
                "chrome",
                "x".repeat(r.nextInt(3000)),
                "%3Cscript%3E",
                "AAAAAAAAAAAAAAAAAAAAAA",
                "devm-irq-tasklet",
                "null",
                "true");
    }

    static void check(HttpResponse<String> r, String what) {
        String body = r.body();
        assertThat(r.statusCode()).as(what + " -> " + body).isLessThan(500);
        assertThat(JAVA.matcher(body).find())
                .as(what + " must not name Java: " + body)
                .isFalse();
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as(what + " " + body)
                    .startsWith("application/problem+json");
            assertThat(body).as(what).contains("\"code\"");
        }
    }
}
