package dev.driverlab.web.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and introduction of the OpenAPI document at /v3/api-docs. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI driverLabApi() {
        return new OpenAPI()
                .info(
                        new Info()
                                .title("DriverLab API")
                                .version("1")
                                .description(
                                        "Sessions of simulated Linux driver scenarios: apply event-script commands, read the trace, rewind, "
                                                + "share. Every step of every session is also pushed over STOMP (endpoint /ws, topic "
                                                + "/topic/sessions/{id}). Errors are RFC 9457 problem+json with a `code` property."));
    }
}
