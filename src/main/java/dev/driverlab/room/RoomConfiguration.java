package dev.driverlab.room;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code driverlab.rooms.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RoomProperties.class)
class RoomConfiguration {}
