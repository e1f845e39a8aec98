package dev.driverlab.web.workshop;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The room caps are the server's settings ({@code driverlab.rooms.*}): past them a new room or a new member is
 * refused with problem+json and a stable code, and the room's view says what the caps are. Its own database, so no
 * other test's rooms count.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:room-limits;DB_CLOSE_DELAY=-1",
            "driverlab.rooms.max-rooms=2",
            "driverlab.rooms.max-members=3"
        })
class RoomLimitsTests {
    @LocalServerPort
    int port;

    @Test
    void aServerHoldsAtMostMaxRoomsAndARoomAtMostMaxMembers() {
        ApiClient api = new ApiClient(port);
        String first = json(api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet")))
                .get("code")
                .asString();
        assertThat(api.post("/api/rooms", Map.of("scenario", "proc-sleep-buggy"))
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> third = api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet"));
        assertThat(third.statusCode()).as(third.body()).isEqualTo(422);
        assertThat(third.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(third).get("code").asString()).isEqualTo("too-many-rooms");
        assertThat(json(third).get("detail").asString()).contains("2 rooms");

        for (String name : new String[] {"Ann", "Bob", "Cyd"}) {
            HttpResponse<String> joined = api.post("/api/rooms/" + first + "/members", Map.of("name", name));
            assertThat(joined.statusCode()).as(joined.body()).isEqualTo(201);
        }
        HttpResponse<String> full = api.post("/api/rooms/" + first + "/members", Map.of("name", "Dee"));
        assertThat(full.statusCode()).as(full.body()).isEqualTo(422);
        assertThat(json(full).get("code").asString()).isEqualTo("room-full");
        assertThat(json(full).get("detail").asString()).contains("3 members");

        JsonNode limits = json(api.get("/api/rooms/" + first)).get("limits");
        assertThat(limits.get("rooms").asInt()).isEqualTo(2);
        assertThat(limits.get("membersPerRoom").asInt()).isEqualTo(3);
    }
}
