package dev.driverlab.web.push;

import dev.driverlab.web.api.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

/** A running server with a REST and a STOMP client for each test, and the broker's view of subscriptions. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class LiveServerStompTest {
    @LocalServerPort
    int port;

    @Autowired
    SimpleBrokerMessageHandler broker;

    ApiClient api;
    StompTestClient stomp;

    @BeforeEach
    void clients() {
        api = new ApiClient(port);
        stomp = new StompTestClient(port);
    }

    @AfterEach
    void stop() {
        stomp.stop();
    }
}
