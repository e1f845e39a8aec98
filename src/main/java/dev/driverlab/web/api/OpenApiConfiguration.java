package dev.driverlab.web.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and introduction of the OpenAPI document at /v3/api-docs, which springdoc builds at its first request;
 * its beans too are created when first needed rather than at startup (README "Performance").
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    static BeanFactoryPostProcessor lazySpringdoc() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanDefinitionNames()) {
                BeanDefinition d = beanFactory.getBeanDefinition(name);
                String declaredBy = d instanceof AnnotatedBeanDefinition a && a.getFactoryMethodMetadata() != null
                        ? a.getFactoryMethodMetadata().getDeclaringClassName()
                        : d.getBeanClassName();
                if (declaredBy != null && declaredBy.startsWith("org.springdoc.")) d.setLazyInit(true);
            }
        };
    }

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
